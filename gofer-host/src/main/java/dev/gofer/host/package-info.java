/**
 * Hosts that run Go services: {@code doctor} checks (kernel parameters, cgroup limits against
 * GOMEMLIMIT/GOMAXPROCS, seccomp, capabilities, ptrace, journald), writers for hardened systemd
 * units, sysctl.d and journald drop-ins, and Go binary {@code inspect}/{@code audit} on top of
 * gofer-mod's build-info reader. (Being built: see the issues.)
 */
package dev.gofer.host;
