package io.dramalake.common.lake;

/** A landing or lake path that is missing, unreadable or not writable: the user must fix the path. */
public class LakeAccessException extends RuntimeException {
    public LakeAccessException(String message) {
        super(message);
    }

    public LakeAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
