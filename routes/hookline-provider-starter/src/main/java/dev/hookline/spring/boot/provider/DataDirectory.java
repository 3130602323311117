package dev.hookline.spring.boot.provider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Keeps the data directory (broker journal, H2 database, API key, broker credential, secrets key) private to the
 * server's user: the directory is made mode 0700 before any bean writes into it, and what is in it loses every group
 * and other permission, once before the beans start and again when they have (the broker and the database create
 * their files with the process's umask; files they create later are protected by the directory's mode).
 */
public class DataDirectory implements BeanFactoryPostProcessor, EnvironmentAware, SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);

    static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final Set<PosixFilePermission> GROUP_AND_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private Path dir;

    @Override
    public void setEnvironment(Environment environment) {
        dir = Binder.get(environment).bind("hookline.data-dir", Path.class).orElse(null);
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (dir == null) {
            return; // no data directory: Hookline writes no file
        }
        create(dir);
        restrict(dir);
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (dir == null) {
            return;
        }
        restrict(dir);
    }

    static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** Creates the directory (and its parents) when missing, and makes it 0700. */
    static void create(Path directory) {
        try {
            if (!isPosix()) {
                Files.createDirectories(directory);
                return;
            }
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            }
            Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + directory.toAbsolutePath(), e);
        }
    }

    /** Takes every group and other permission off a file. */
    static void ownerOnly(Path file) throws IOException {
        if (isPosix()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.removeAll(GROUP_AND_OTHERS)) {
                Files.setPosixFilePermissions(file, permissions);
            }
        }
    }

    /** Takes every group and other permission off the directory and everything in it. */
    static void restrict(Path directory) {
        if (!isPosix() || !Files.isDirectory(directory)) {
            return;
        }
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    ownerOnlyIfStill(d);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile() || attrs.isDirectory()) {
                        ownerOnlyIfStill(f);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    return FileVisitResult.CONTINUE; // removed while walking (a rolled journal file, a lock)
                }
            });
        } catch (IOException e) {
            LOG.warn("Could not restrict the permissions of everything in {}: {}", directory.toAbsolutePath(), e.toString());
        }
    }

    private static void ownerOnlyIfStill(Path path) throws IOException {
        try {
            ownerOnly(path);
        } catch (NoSuchFileException gone) {
            // removed while walking
        }
    }
}
