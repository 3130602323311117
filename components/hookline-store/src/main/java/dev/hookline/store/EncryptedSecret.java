package dev.hookline.store;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Stores a secret column encrypted (see {@link SecretCipher}) and reads it back decrypted. JPA creates it through the
 * application's bean container (Spring's, in Spring Boot), which hands it the cipher.
 */
@Converter
public class EncryptedSecret implements AttributeConverter<String, String> {

    private final SecretCipher cipher;

    public EncryptedSecret(SecretCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public String convertToDatabaseColumn(String secret) {
        return cipher.encrypt(secret);
    }

    @Override
    public String convertToEntityAttribute(String stored) {
        return cipher.decrypt(stored);
    }
}
