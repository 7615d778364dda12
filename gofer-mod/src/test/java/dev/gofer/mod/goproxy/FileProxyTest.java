package dev.gofer.mod.goproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileProxyTest {
  @TempDir Path root;
  Path v;

  @BeforeEach
  void tree() throws IOException {
    v = Files.createDirectories(root.resolve("github.com/!burnt!sushi/toml/@v"));
    Files.writeString(v.resolve("list"), "v1.0.0\nv1.1.0\nv0.0.0-20200101000000-abcdefabcdef\n");
    Files.writeString(v.resolve("v1.1.0.info"), "{\"Version\":\"v1.1.0\",\"Time\":\"2020-01-01T00:00:00Z\"}");
    Files.writeString(v.resolve("v1.1.0.mod"), "module github.com/BurntSushi/toml\n");
    Files.write(v.resolve("v1.1.0.zip"), new byte[] {'P', 'K', 3, 4});
  }

  @Test
  void servesTheTreeUnderCaseEncodedNames() throws IOException {
    try (ProxyClient c = ProxyClient.create(root.toUri())) {
      assertThat(c.list("github.com/BurntSushi/toml")).containsExactly("v1.0.0", "v1.1.0");
      assertThat(c.info("github.com/BurntSushi/toml", "v1.1.0").version()).isEqualTo("v1.1.0");
      assertThat(new String(c.mod("github.com/BurntSushi/toml", "v1.1.0"), StandardCharsets.UTF_8))
          .isEqualTo("module github.com/BurntSushi/toml\n");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long[] last = new long[2];
      c.zip("github.com/BurntSushi/toml", "v1.1.0", out, (d, t) -> { last[0] = d; last[1] = t; });
      assertThat(out.toByteArray()).containsExactly('P', 'K', 3, 4);
      assertThat(last).containsExactly(4, 4);
      // no @latest file: falls back to the list, which has only a pseudo-version untagged
      assertThatThrownBy(() -> c.latest("github.com/BurntSushi/toml"))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("v0.0.0-20200101000000-abcdefabcdef.info: no such file or directory");
    }
  }

  @Test
  void aMissingFileIsNotFoundWithGosWording() throws IOException {
    try (ProxyClient c = ProxyClient.create(root.toUri())) {
      String base = root.toUri().toString().replaceAll("/$", "");
      assertThatThrownBy(() -> c.mod("github.com/BurntSushi/toml", "v9.0.0"))
          .isInstanceOf(NotFoundException.class)
          .hasMessage(
              "github.com/BurntSushi/toml@v9.0.0: reading " + base
                  + "/github.com/%21burnt%21sushi/toml/@v/v9.0.0.mod: no such file or directory");
    }
  }

  @Test
  void anUnreadableFileIsForbidden() throws IOException {
    Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root reads everything");
    Files.setPosixFilePermissions(v.resolve("v1.1.0.mod"), PosixFilePermissions.fromString("---------"));
    try (ProxyClient c = ProxyClient.create(root.toUri())) {
      assertThatThrownBy(() -> c.mod("github.com/BurntSushi/toml", "v1.1.0"))
          .isInstanceOfSatisfying(ProxyStatusException.class, e -> assertThat(e.statusCode()).isEqualTo(403))
          .hasMessageEndingWith(": permission denied");
    }
  }

  @Test
  void aFileProxyInAListFallsThroughLikeAnyOther() throws IOException {
    Path empty = Files.createDirectories(root.resolve("empty"));
    try (ProxyChain c = ProxyChain.create(empty.toUri() + "," + root.toUri(), ClientOptions.defaults())) {
      assertThat(c.list("github.com/BurntSushi/toml")).containsExactly("v1.0.0", "v1.1.0");
    }
  }
}
