package dev.subsentinel.collect;

import dev.subsentinel.core.model.UnknownFact;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs AWS calls with bounded parallelism: every task runs on its own virtual thread, and a semaphore per API action
 * lets at most {@code limit} calls of that action be in flight at once, whatever the number of tasks waiting. Per
 * action, because AWS throttles each action of an account and region on its own and the clients pace each one
 * ({@link dev.subsentinel.config.RequestPacer}): calls of an action waiting for its pace hold only that action's
 * permits, never another action's. A failed call becomes a {@link Fetched.Failed} whose reason names the IAM action;
 * it never throws.
 *
 * <p>Within {@link #within}, calls respect the collection's deadline: a call that would start after it, or that is
 * still running when it comes, is abandoned and becomes a failure of error {@value UnknownFact#DEADLINE_EXCEEDED}. The
 * deadline is the collection's own (the tasks it forks inherit it), so collections of one collector at once do not
 * share it.
 */
final class AwsCalls {

    /** How often a call waiting for its answer looks at the deadline. */
    private static final long POLL_MILLIS = 50;

    private static final InheritableThreadLocal<Budget> BUDGET = new InheritableThreadLocal<>();

    private final int limit;
    private final ConcurrentMap<String, Semaphore> permits = new ConcurrentHashMap<>();

    AwsCalls(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        this.limit = limit;
    }

    /**
     * What a collection may still spend: the deadline less the margin kept for evaluating, tracking and publishing.
     *
     * @param deadline the run's deadline
     * @param margin   the time kept back
     */
    record Budget(Deadline deadline, Duration margin) {

        /** Milliseconds the collection may still spend (0 or less: stop). */
        long millis() {
            long remaining = deadline.remainingMillis();
            return remaining == Long.MAX_VALUE ? Long.MAX_VALUE : remaining - margin.toMillis();
        }
    }

    /** Runs a collection on the calling thread with a deadline for every call it (and every task it forks) makes. */
    <T> T within(Budget budget, Supplier<T> collection) {
        Budget outer = BUDGET.get();
        BUDGET.set(budget);
        try {
            return collection.get();
        } finally {
            if (outer == null) {
                BUDGET.remove();
            } else {
                BUDGET.set(outer);
            }
        }
    }

    /**
     * Makes one logical call ({@code call} may fetch several pages) holding one permit.
     *
     * @param action the IAM action the call needs, e.g. {@code ec2:DescribeVpcs}: failures name it
     * @param call   the SDK call, including the mapping of its response
     */
    <T> Fetched<T> fetch(String action, Supplier<T> call) {
        Budget budget = BUDGET.get();
        Semaphore permits = this.permits.computeIfAbsent(action, k -> new Semaphore(limit));
        try {
            if (!acquire(permits, budget)) {
                return cut(action, budget);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Fetched.Failed<>(action, "Interrupted", action + " was interrupted", true);
        }
        try {
            return budget == null || budget.millis() == Long.MAX_VALUE ? run(action, call)
                    : runWithin(action, call, budget);
        } finally {
            permits.release();
        }
    }

    private static boolean acquire(Semaphore permits, Budget budget) throws InterruptedException {
        if (budget == null || budget.millis() == Long.MAX_VALUE) {
            permits.acquire();
            return true;
        }
        while (true) {
            long left = budget.millis();
            if (left <= 0) {
                return false;
            }
            if (permits.tryAcquire(Math.min(left, POLL_MILLIS), TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
    }

    /** Runs the call on its own virtual thread and stops waiting for it when the budget runs out. */
    private static <T> Fetched<T> runWithin(String action, Supplier<T> call, Budget budget) {
        FutureTask<Fetched<T>> task = new FutureTask<>(() -> run(action, call));
        Thread.ofVirtual().name("sentinel-call").start(task);
        while (true) {
            long left = budget.millis();
            if (left <= 0) {
                task.cancel(true);
                return cut(action, budget);
            }
            try {
                return task.get(Math.min(left, POLL_MILLIS), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // not answered yet: look at the deadline again
            } catch (InterruptedException e) {
                task.cancel(true);
                Thread.currentThread().interrupt();
                return new Fetched.Failed<>(action, "Interrupted", action + " was interrupted", true);
            } catch (ExecutionException e) {
                return new Fetched.Failed<>(action, Failures.MALFORMED_RESPONSE, action
                        + " returned a response that could not be read: " + e.getCause(), false);
            }
        }
    }

    private static <T> Fetched<T> run(String action, Supplier<T> call) {
        try {
            return new Fetched.Ok<>(call.get());
        } catch (SdkException e) {
            return new Fetched.Failed<>(action, Failures.code(e), Failures.reason(action, e), Failures.retryable(e));
        } catch (RuntimeException e) {
            return new Fetched.Failed<>(action, Failures.MALFORMED_RESPONSE, "MalformedResponse: " + action
                    + " returned a response that could not be read: " + Failures.message(e.toString()), false);
        }
    }

    private static <T> Fetched<T> cut(String action, Budget budget) {
        return new Fetched.Failed<>(action, UnknownFact.DEADLINE_EXCEEDED, "DeadlineExceeded: " + action
                + " was not read: the run stopped collecting " + budget.margin().toSeconds()
                + " s before its deadline", true);
    }

    /** Starts a task on a new virtual thread. */
    <T> Future<T> fork(Callable<T> task) {
        FutureTask<T> future = new FutureTask<>(task);
        Thread.ofVirtual().name("sentinel-collect").start(future);
        return future;
    }

    /** Starts one task per element and returns their futures in order. */
    <E, T> List<Future<T>> forkEach(Collection<E> elements, java.util.function.Function<E, T> task) {
        List<Future<T>> futures = new ArrayList<>(elements.size());
        for (E element : elements) {
            futures.add(fork(() -> task.apply(element)));
        }
        return futures;
    }

    /** Waits for a task; an exception it threw is rethrown unchanged when unchecked. */
    static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectionException("interrupted while collecting", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Waits for every task, in order. */
    static <T> List<T> joinAll(List<Future<T>> futures) {
        List<T> values = new ArrayList<>(futures.size());
        for (Future<T> future : futures) {
            values.add(join(future));
        }
        return values;
    }
}
