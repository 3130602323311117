package dev.hookline.routes.security;

/** Protection of the API and of the network the server runs in. */
public class SecuritySettings {

    /** Allow webhook targets on loopback, private and link-local addresses (closed networks and tests only). */
    private boolean allowPrivateTargets;

    public boolean isAllowPrivateTargets() {
        return allowPrivateTargets;
    }

    public void setAllowPrivateTargets(boolean allowPrivateTargets) {
        this.allowPrivateTargets = allowPrivateTargets;
    }
}
