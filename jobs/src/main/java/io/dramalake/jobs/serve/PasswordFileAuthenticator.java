package io.dramalake.jobs.serve;

import java.io.IOException;
import java.nio.file.Path;
import javax.security.sasl.AuthenticationException;
import org.apache.hive.service.auth.PasswdAuthenticationProvider;

/**
 * HiveServer2's {@code CUSTOM} authentication against serve-sql's {@link PasswordFile}. Hive makes
 * one per login with a fresh HiveConf, so the file's path comes from a system property the server
 * sets; the file is read at each login, so an edit takes effect on the next connection.
 */
public final class PasswordFileAuthenticator implements PasswdAuthenticationProvider {

    /** System property holding the password file's path. */
    public static final String FILE_PROPERTY = "dramalake.serve-sql.password-file";

    @Override
    public void Authenticate(String user, String password) throws AuthenticationException {
        String file = System.getProperty(FILE_PROPERTY);
        boolean ok;
        try {
            ok = file != null && PasswordFile.read(Path.of(file)).accepts(user, password);
        } catch (IOException | IllegalArgumentException e) {
            throw new AuthenticationException("the server cannot read its password file");
        }
        if (!ok) {
            throw new AuthenticationException("wrong user name or password");
        }
    }
}
