package dev.gofer.proxy.mirror;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * What {@code gofer mirror sync} did with each version: fetched it, found it already present, or
 * failed (with a one-line reason).
 *
 * @param items one per version, in input order
 */
public record SyncReport(List<Item> items) {
  public SyncReport {
    items = List.copyOf(items);
  }

  /** What became of a version. */
  public enum Outcome {
    /** Fetched from upstream, verified and stored now. */
    FETCHED,
    /** Everything needed was already in the store. */
    PRESENT,
    /** Not (completely) stored or not verified; see the detail. */
    FAILED
  }

  /**
   * One version's outcome.
   *
   * @param detail why it failed; empty otherwise
   */
  public record Item(Wanted wanted, Outcome outcome, String detail) {}

  public long count(Outcome o) {
    return items.stream().filter(i -> i.outcome() == o).count();
  }

  /** Whether every version is now present and verified (exit code 0). */
  public boolean ok() {
    return count(Outcome.FAILED) == 0;
  }

  /** One line per failure, then a summary line. */
  public String text() {
    StringBuilder b = new StringBuilder();
    for (Item i : items) {
      if (i.outcome() == Outcome.FAILED) {
        b.append("failed: ").append(i.wanted().key()).append(": ").append(i.detail()).append('\n');
      }
    }
    b.append(String.format(
        Locale.ROOT,
        "%d versions: %d fetched, %d already present, %d failed%n",
        items.size(), count(Outcome.FETCHED), count(Outcome.PRESENT), count(Outcome.FAILED)));
    return b.toString();
  }

  /** The report as one JSON object. */
  public String json() {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("versions", items.size());
    root.put("fetched", count(Outcome.FETCHED));
    root.put("present", count(Outcome.PRESENT));
    root.put("failed", count(Outcome.FAILED));
    root.put("ok", ok());
    ArrayNode list = root.putArray("items");
    for (Item i : items) {
      ObjectNode n = list.addObject();
      n.put("path", i.wanted().module());
      n.put("version", i.wanted().version());
      n.put("zip", i.wanted().zip());
      n.put("outcome", i.outcome().name().toLowerCase(Locale.ROOT));
      if (!i.detail().isEmpty()) {
        n.put("detail", i.detail());
      }
    }
    return root.toString();
  }
}
