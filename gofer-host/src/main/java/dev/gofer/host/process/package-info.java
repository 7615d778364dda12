/**
 * Process security facts: the capability sets, no_new_privs and seccomp fields of
 * {@code /proc/<pid>/status} ({@link dev.gofer.host.process.ProcStatus},
 * {@link dev.gofer.host.process.Capabilities}) and the {@code security.capability} file
 * attribute ({@link dev.gofer.host.process.FileCapabilities}).
 */
package dev.gofer.host.process;
