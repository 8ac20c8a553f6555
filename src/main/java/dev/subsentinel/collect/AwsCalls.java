package dev.subsentinel.collect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs AWS calls with bounded parallelism: every task runs on its own virtual thread, and a semaphore lets at most
 * {@code limit} calls be in flight at once, whatever the number of tasks waiting. A failed call becomes a
 * {@link Fetched.Failed} whose reason names the IAM action; it never throws.
 */
final class AwsCalls {

    /** Calls in flight at once by default: well inside EC2's request-rate bucket for Describe calls. */
    static final int DEFAULT_LIMIT = 8;

    private final Semaphore permits;

    AwsCalls(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        this.permits = new Semaphore(limit);
    }

    /**
     * Makes one logical call ({@code call} may fetch several pages) holding one permit.
     *
     * @param action the IAM action the call needs, e.g. {@code ec2:DescribeVpcs}: failures name it
     * @param call   the SDK call, including the mapping of its response
     */
    <T> Fetched<T> fetch(String action, Supplier<T> call) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Fetched.Failed<>(action + " was interrupted", true);
        }
        try {
            return new Fetched.Ok<>(call.get());
        } catch (SdkException e) {
            return new Fetched.Failed<>(Failures.reason(action, e), Failures.retryable(e));
        } catch (RuntimeException e) {
            return new Fetched.Failed<>(action + " returned a response that could not be read: " + e, false);
        } finally {
            permits.release();
        }
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

    /** Splits values into batches of at most {@code size}, in order (an API's limit on filter values). */
    static <T> List<List<T>> batches(Collection<T> values, int size) {
        List<T> all = List.copyOf(values);
        List<List<T>> batches = new ArrayList<>();
        for (int from = 0; from < all.size(); from += size) {
            batches.add(all.subList(from, Math.min(all.size(), from + size)));
        }
        return batches;
    }
}
