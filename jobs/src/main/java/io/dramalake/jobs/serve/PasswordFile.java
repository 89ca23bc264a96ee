package io.dramalake.jobs.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * serve-sql's users: one line per user, {@code name:pbkdf2-sha256:ITERATIONS:SALT:HASH} (salt and
 * hash in Base64), so the file holds no password. Blank lines and lines starting with {@code #} are
 * skipped. Made with {@code dramalake hash-password --user NAME}.
 */
public final class PasswordFile {

    static final String SCHEME = "pbkdf2-sha256";
    /** OWASP's figure for PBKDF2-HMAC-SHA256 (2023); each line keeps its own count. */
    static final int ITERATIONS = 600_000;

    private record Entry(int iterations, byte[] salt, byte[] hash) {
    }

    private final Map<String, Entry> users;

    private PasswordFile(Map<String, Entry> users) {
        this.users = users;
    }

    /** Reads and checks the whole file; a bad line is an {@link IllegalArgumentException} naming it. */
    public static PasswordFile read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, Entry> users = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(":", -1);
            try {
                if (f.length != 5 || f[0].isEmpty() || !f[1].equals(SCHEME)) {
                    throw new IllegalArgumentException();
                }
                users.put(f[0], new Entry(Integer.parseInt(f[2]), Base64.getDecoder().decode(f[3]),
                    Base64.getDecoder().decode(f[4])));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " is not NAME:" + SCHEME
                    + ":ITERATIONS:SALT:HASH (make one with `dramalake hash-password --user NAME`)");
            }
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException(file + " has no user (add one with `dramalake hash-password --user NAME`)");
        }
        return new PasswordFile(users);
    }

    /** True if the user is in the file and the password is theirs. */
    public boolean accepts(String user, String password) {
        Entry e = user == null ? null : users.get(user);
        if (e == null || password == null) {
            return false;
        }
        return MessageDigest.isEqual(e.hash(), pbkdf2(password, e.salt(), e.iterations(), e.hash().length));
    }

    /** One line of the file for this user and password, with a fresh random salt. */
    public static String line(String user, String password) {
        if (user.isEmpty() || user.contains(":") || user.strip().length() != user.length()) {
            throw new IllegalArgumentException("a user name must be non-empty, without ':' or surrounding spaces");
        }
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, ITERATIONS, 32);
        Base64.Encoder b64 = Base64.getEncoder();
        return user + ":" + SCHEME + ":" + ITERATIONS + ":" + b64.encodeToString(salt) + ":" + b64.encodeToString(hash);
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations, int bytes) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, bytes * 8);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17", e);
        }
    }
}
