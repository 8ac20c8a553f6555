package dev.subsentinel.core.model;

import java.util.List;

/**
 * The result of looking up License Manager's network interfaces for one directory. Recorded for every directory the
 * collector looked up, so that "none found" (they are gone) differs from "not looked up" (an older snapshot).
 *
 * @param directoryId the directory
 * @param interfaces  the interfaces found (empty when there are none)
 */
public record DirectoryInterfaces(String directoryId, List<DirectoryInterface> interfaces) {

    public DirectoryInterfaces {
        Fields.requiredText(directoryId, "directoryId");
        interfaces = Fields.list(interfaces, "interfaces");
    }
}
