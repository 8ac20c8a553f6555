package dev.subsentinel.collect;

import java.util.List;

/**
 * One call over a batch of resource ids.
 *
 * @param ids    the ids it concerned (its unknown facts name them when it fails)
 * @param result its outcome
 * @param <T>    the value's type
 */
record Batch<T>(List<String> ids, Fetched<T> result) {

    Batch {
        ids = List.copyOf(ids);
    }
}
