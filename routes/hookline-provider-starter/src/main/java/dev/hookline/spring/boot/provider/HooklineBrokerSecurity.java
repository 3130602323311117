package dev.hookline.spring.boot.provider;

import javax.security.auth.Subject;

import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnection;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.apache.activemq.artemis.spi.core.security.jaas.NoCacheLoginException;

/**
 * The embedded broker's users, kept in memory (Artemis' own in-VM JAAS login module): Hookline's own user, the
 * producer credential and, when configured, an operator's credential. Hookline's own user may be limited to in-VM
 * connections, so that it cannot be used over the TCP acceptor even by someone who learnt its password.
 */
final class HooklineBrokerSecurity extends ActiveMQJAASSecurityManager {

    private final String inVmOnlyUser;

    HooklineBrokerSecurity(SecurityConfiguration users, String inVmOnlyUser) {
        super(InVMLoginModule.class.getName(), users);
        this.inVmOnlyUser = inVmOnlyUser;
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain)
            throws NoCacheLoginException {
        if (inVmOnlyUser != null && inVmOnlyUser.equals(user)
                && (connection == null || !(connection.getTransportConnection() instanceof InVMConnection))) {
            return null;
        }
        return super.authenticate(user, password, connection, securityDomain);
    }
}
