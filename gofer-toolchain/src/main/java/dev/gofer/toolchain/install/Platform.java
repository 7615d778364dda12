package dev.gofer.toolchain.install;

/** A Go target: {@code GOOS} and {@code GOARCH}; gofer installs {@code linux} toolchains. */
public record Platform(String goos, String goarch) {

  /** Linux and the {@code GOARCH} of this JVM's {@code os.arch}. */
  public static Platform current() {
    return new Platform("linux", goarch(System.getProperty("os.arch", "")));
  }

  /** {@code GOARCH} for a Java {@code os.arch}: amd64, arm64, 386 or arm. */
  static String goarch(String osArch) {
    return switch (osArch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "x86", "i386", "i486", "i586", "i686" -> "386";
      case "arm", "armv6l", "armv7l" -> "arm";
      default -> throw new InstallException("unsupported architecture " + osArch + " (gofer installs Go for amd64, arm64, 386 and arm)");
    };
  }

  /** The {@code arch} of go.dev/dl index files: {@code armv6l} for {@code arm}. */
  String indexArch() {
    return goarch.equals("arm") ? "armv6l" : goarch;
  }

  /** {@code linux/amd64}. */
  @Override
  public String toString() {
    return goos + "/" + goarch;
  }
}
