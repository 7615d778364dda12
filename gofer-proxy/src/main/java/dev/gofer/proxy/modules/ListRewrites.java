package dev.gofer.proxy.modules;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Rewrites of a module's {@code @v/list} file, off the request path and coalesced: however many
 * versions of a module are published while a rewrite is queued, one rewrite covers them (it reads
 * the versions present when it runs); a version published while a rewrite runs gets one more.
 *
 * <p>The list file is read only by {@code file://} clients and static servers of the store; gofer
 * computes its own {@code list} from the versions present. A list that lags behind by a rewrite
 * (or, after a crash, by more) therefore never makes gofer serve anything wrong, and the next
 * publish of the module rewrites it whole.
 */
final class ListRewrites {
  private enum State {
    QUEUED,
    RUNNING,
    RUNNING_AGAIN
  }

  private final Consumer<String> rewrite;
  private final Executor executor;
  private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();

  /** Rewrites with {@code rewrite(module)} on {@code executor} (inline once it refuses work). */
  ListRewrites(Consumer<String> rewrite, Executor executor) {
    this.rewrite = rewrite;
    this.executor = executor;
  }

  /** Asks for a rewrite of {@code module}'s list that sees everything published before this call. */
  void request(String module) {
    boolean[] start = {false};
    states.compute(
        module,
        (m, s) -> {
          if (s == null) {
            start[0] = true;
            return State.QUEUED;
          }
          return s == State.RUNNING ? State.RUNNING_AGAIN : s;
        });
    if (start[0]) {
      try {
        executor.execute(() -> run(module));
      } catch (RejectedExecutionException e) {
        run(module);
      }
    }
  }

  private void run(String module) {
    State after = State.QUEUED;
    while (after == State.QUEUED) {
      states.put(module, State.RUNNING);
      try {
        rewrite.accept(module);
      } finally {
        after = states.compute(module, (m, s) -> s == State.RUNNING_AGAIN ? State.QUEUED : null);
        if (after == null) {
          signalIfIdle();
        }
      }
    }
  }

  private void signalIfIdle() {
    lock.lock();
    try {
      if (states.isEmpty()) {
        idle.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Waits until no rewrite is queued or running. */
  void await() {
    lock.lock();
    try {
      while (!states.isEmpty()) {
        idle.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }
}
