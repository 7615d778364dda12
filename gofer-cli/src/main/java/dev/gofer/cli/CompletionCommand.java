package dev.gofer.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gofer completion}: prints a shell completion script. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    header = "Print a bash or zsh completion script for gofer.",
    description = {
      "",
      "bash:  source <(gofer completion bash)      (or save it under /etc/bash_completion.d/)",
      "zsh:   source <(gofer completion zsh)       (uses zsh's bashcompinit)",
    })
final class CompletionCommand implements Callable<Integer> {
  enum Shell {
    bash,
    zsh
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      defaultValue = "bash",
      description = "Shell: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Shell shell;

  @Override
  public Integer call() {
    String script = AutoComplete.bash("gofer", spec.root().commandLine());
    if (shell == Shell.zsh) {
      // picocli's script runs under zsh once bash-style completion is loaded.
      script = "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + script;
    }
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
