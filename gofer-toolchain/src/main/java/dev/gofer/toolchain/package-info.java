/**
 * Go toolchain management: install toolchains from a module proxy ({@code golang.org/toolchain},
 * verified through the checksum database) or a release index, switch them per directory through
 * shims, and install gopls and delve per toolchain. Talks to proxies only through gofer-mod's
 * GOPROXY client, exactly as the go command would. (Being built: see the issues.)
 */
package dev.gofer.toolchain;
