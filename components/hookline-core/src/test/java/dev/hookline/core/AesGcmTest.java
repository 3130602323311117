package dev.hookline.core;

import java.nio.charset.StandardCharsets;

import javax.crypto.AEADBadTagException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AesGcmTest {

    private static byte[] key(int fill) {
        byte[] key = new byte[AesGcm.KEY_BYTES];
        java.util.Arrays.fill(key, (byte) fill);
        return key;
    }

    @Test
    void whatIsSealedOpensWithTheSameKeyAndEachSealIsDifferent() throws Exception {
        AesGcm aes = new AesGcm(key(1), "test key");
        byte[] plain = "a secret".getBytes(StandardCharsets.UTF_8);
        byte[] first = aes.seal(plain);
        byte[] second = aes.seal(plain);
        assertThat(first).isNotEqualTo(second); // a fresh IV each time
        assertThat(aes.open(first)).isEqualTo(plain);
        assertThat(aes.open(second)).isEqualTo(plain);
    }

    @Test
    void anotherKeyAChangedBitOrATooShortValueNeverOpen() {
        byte[] sealed = new AesGcm(key(1), "test key").seal("a secret".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> new AesGcm(key(2), "test key").open(sealed)).isInstanceOf(AEADBadTagException.class);
        byte[] changed = sealed.clone();
        changed[changed.length / 2] ^= 1;
        AesGcm aes = new AesGcm(key(1), "test key");
        assertThatThrownBy(() -> aes.open(changed)).isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> aes.open(new byte[AesGcm.MIN_SEALED_BYTES - 1])).isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void aKeyOfTheWrongLengthIsRefusedNamingWhatItIsFor() {
        assertThatThrownBy(() -> new AesGcm(new byte[16], "session key"))
                .hasMessage("A session key is 32 bytes, not 16");
    }
}
