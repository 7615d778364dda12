package dev.gofer.toolchain.select;

import dev.gofer.toolchain.GoferHome;

/** The lines a shell's start-up file evaluates to put the shims first on PATH. */
public final class ShellInit {
  private ShellInit() {}

  /** The shells {@link #snippet} knows. */
  public enum Shell {
    BASH,
    ZSH,
    FISH
  }

  /**
   * The snippet for {@code shell}: exports {@code GOFER_HOME} and puts {@code $GOFER_HOME/bin}
   * first on PATH, once (evaluating it twice does not add the directory twice).
   */
  public static String snippet(Shell shell, GoferHome home) {
    String root = home.root().toString();
    return switch (shell) {
      case BASH, ZSH ->
          "export GOFER_HOME=" + Shims.quote(root) + "\n"
              + "case \":$PATH:\" in\n"
              + "  *\":$GOFER_HOME/bin:\"*) ;;\n"
              + "  *) export PATH=\"$GOFER_HOME/bin:$PATH\" ;;\n"
              + "esac\n"
              + (shell == Shell.ZSH ? "rehash\n" : "hash -r\n");
      case FISH ->
          "set -gx GOFER_HOME " + Shims.quote(root) + "\n"
              + "if not contains -- \"$GOFER_HOME/bin\" $PATH\n"
              + "    set -gx PATH \"$GOFER_HOME/bin\" $PATH\n"
              + "end\n";
    };
  }
}
