package dev.gofer.host.doctor;

import dev.gofer.host.Readout;
import dev.gofer.host.process.ProcStatus;

/** Reads {@code /proc/self/status} for the process checks, or says why it could not. */
final class SelfStatus {
  static final String PATH = "/proc/self/status";

  private SelfStatus() {}

  /** The parsed status, or a skip finding for {@code id} naming the file. */
  sealed interface Result {}

  record Ok(ProcStatus status) implements Result {}

  record Skip(Finding finding) implements Result {}

  static Result read(Context context, String id) {
    Readout r = context.host().read(PATH);
    return r.text().<Result>map(t -> new Ok(ProcStatus.parse(t))).orElseGet(() -> new Skip(Finding.skip(id, r.problem())));
  }

  /** A skip for a field the kernel did not print or printed malformed. */
  static Finding missingField(String id, String field) {
    return Finding.skip(id, PATH + ": no well-formed " + field + " line (older kernel?)");
  }
}
