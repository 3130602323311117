package dev.hookline.routes.security;

/** A webhook target that is not acceptable, and why, in words for whoever gave it. */
public class TargetRefused extends RuntimeException {

    public TargetRefused(String message) {
        super(message, null, false, false);
    }
}
