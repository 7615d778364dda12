/**
 * {@code gofer inspect}: what is inside a Go executable. {@link
 * dev.gofer.host.inspect.BinaryReport#read} combines the ELF linking facts ({@link
 * dev.gofer.host.inspect.ElfLinking}: static or dynamic, interpreter, needed libraries, PIE,
 * architecture, stripped, UPX) with the Go build information gofer-mod reads (what {@code go
 * version -m} prints), and derives what the doctor and the unit writer need, such as whether the
 * binary's Go sets GOMAXPROCS from the cgroup limit itself.
 */
package dev.gofer.host.inspect;
