package dev.subsentinel.core.model;

import java.util.List;

/**
 * An instance as License Manager user-based subscriptions ListInstances reports it.
 *
 * @param instanceId          the instance id
 * @param status              open text (no enum in the API model)
 * @param statusMessage       the explanation LM-US gives (may be null)
 * @param products            e.g. OFFICE_PROFESSIONAL_PLUS, VISUAL_STUDIO_ENTERPRISE, REMOTE_DESKTOP_SERVICES
 * @param lastStatusCheckDate when LM-US last checked it, as LM-US writes it (a string in the API; may be null)
 * @param directoryId         the directory of its identity provider, when LM-US names one (may be null)
 */
public record LmusInstance(
        String instanceId,
        String status,
        String statusMessage,
        List<String> products,
        String lastStatusCheckDate,
        String directoryId) {

    public LmusInstance {
        Fields.requiredText(instanceId, "instanceId");
        Fields.requiredText(status, "status");
        products = Fields.list(products, "products");
    }
}
