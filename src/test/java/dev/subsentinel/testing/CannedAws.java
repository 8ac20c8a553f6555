package dev.subsentinel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Canned answers for what moto 5.2.1 does not implement: SSM DescribeInstanceInformation and License Manager
 * user-based subscriptions ListInstances / ListIdentityProviders / ListLicenseServerEndpoints. Pagination and the
 * request limits AWS enforces are emulated, so a client that ignores NextToken or exceeds a limit fails here as it
 * would in AWS.
 */
public final class CannedAws implements ResponseDefinitionTransformerV2 {

    static final String NAME = "canned-aws";
    public static final String LMUS_LIST_INSTANCES = "/instance/ListInstances";
    public static final String LMUS_LIST_IDENTITY_PROVIDERS = "/identity-provider/ListIdentityProviders";
    public static final String LMUS_LIST_LICENSE_SERVER_ENDPOINTS = "/license-server/ListLicenseServerEndpoints";
    /** The page size of the canned LM-US lists when the request sets no MaxResults (LM-US documents none). */
    public static final int LMUS_PAGE_SIZE = 50;
    /** SSM DescribeInstanceInformation: values per filter, page size bounds and default. */
    static final int SSM_MAX_FILTER_VALUES = 100;
    static final int SSM_MIN_RESULTS = 5;
    static final int SSM_MAX_RESULTS = 50;
    static final int SSM_DEFAULT_RESULTS = 10;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Ssm ssm = new Ssm();
    private final Lmus lmus = new Lmus();

    Ssm ssm() {
        return ssm;
    }

    Lmus lmus() {
        return lmus;
    }

    void clear() {
        ssm.nodes.clear();
        lmus.instances.clear();
        lmus.providers.clear();
        lmus.endpoints.clear();
        lmus.filterSupport = Lmus.FilterSupport.EQUALS;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        try {
            JsonNode body = request.getBodyAsString().isBlank() ? JSON.createObjectNode()
                    : JSON.readTree(request.getBodyAsString());
            String url = request.getUrl();
            if (url.startsWith(LMUS_LIST_INSTANCES)) {
                List<Lmus.Instance> listed = new ArrayList<>(lmus.instances);
                if (body.has("Filters") && !body.get("Filters").isEmpty()) {
                    switch (lmus.filterSupport) {
                        case REJECTED -> {
                            return error(400, "application/json", "ValidationException", "invalid filter");
                        }
                        case IGNORED -> {
                            // answers as if there were no filter, as a service that ignores it would
                        }
                        case EQUALS -> {
                            for (JsonNode filter : body.get("Filters")) {
                                String attribute = filter.path("Attribute").asText();
                                String value = filter.path("Value").asText();
                                if (!"eq".equals(filter.path("Operation").asText())
                                        || !List.of("InstanceId", "Status").contains(attribute)) {
                                    return error(400, "application/json", "ValidationException",
                                            "unsupported filter " + filter);
                                }
                                listed.removeIf(i -> !value.equals("InstanceId".equals(attribute) ? i.instanceId()
                                        : i.status()));
                            }
                        }
                    }
                    body = ((ObjectNode) body.deepCopy()).without("Filters");
                }
                return lmusPage(body, "InstanceSummaries", listed.stream().map(Lmus.Instance::json).toList());
            }
            if (url.startsWith(LMUS_LIST_IDENTITY_PROVIDERS)) {
                return lmusPage(body, "IdentityProviderSummaries",
                        lmus.providers.stream().map(Lmus.Provider::json).toList());
            }
            if (url.startsWith(LMUS_LIST_LICENSE_SERVER_ENDPOINTS)) {
                return lmusPage(body, "LicenseServerEndpoints",
                        lmus.endpoints.stream().map(Lmus.LicenseServerEndpoint::json).toList());
            }
            return describeInstanceInformation(body);
        } catch (IOException e) {
            return error(400, "application/json", "SerializationException", "bad request body: " + e.getMessage());
        }
    }

    private ResponseDefinition lmusPage(JsonNode body, String key, List<ObjectNode> items) {
        if (body.has("Filters") && !body.get("Filters").isEmpty()) {
            return error(400, "application/json", "ValidationException", "the canned LM-US takes no Filters");
        }
        int size = body.has("MaxResults") ? body.get("MaxResults").asInt() : LMUS_PAGE_SIZE;
        if (size < 1) {
            return error(400, "application/json", "ValidationException", "MaxResults must be positive");
        }
        return page(body, key, items, size, "application/json");
    }

    private ResponseDefinition describeInstanceInformation(JsonNode body) {
        String type = "application/x-amz-json-1.1";
        if (body.has("InstanceInformationFilterList") && body.has("Filters")) {
            return error(400, type, "InvalidFilterKey", "InstanceInformationFilterList and Filters together");
        }
        int size = body.has("MaxResults") ? body.get("MaxResults").asInt() : SSM_DEFAULT_RESULTS;
        if (size < SSM_MIN_RESULTS || size > SSM_MAX_RESULTS) {
            return error(400, type, "ValidationException", "1 validation error detected: Value '" + size
                    + "' at 'maxResults' failed to satisfy constraint: Member must have value between "
                    + SSM_MIN_RESULTS + " and " + SSM_MAX_RESULTS);
        }
        Set<String> wanted = null;
        for (JsonNode filter : body.path("Filters")) {
            String filterKey = filter.path("Key").asText();
            if (!"InstanceIds".equals(filterKey)) {
                return error(400, type, "InvalidFilterKey", "the canned SSM supports the InstanceIds filter only, not "
                        + filterKey);
            }
            JsonNode values = filter.path("Values");
            if (values.isEmpty() || values.size() > SSM_MAX_FILTER_VALUES) {
                return error(400, type, "ValidationException", "1 validation error detected: Value at"
                        + " 'filters.1.member.values' failed to satisfy constraint: Member must have length less"
                        + " than or equal to " + SSM_MAX_FILTER_VALUES + " (was " + values.size() + ")");
            }
            wanted = new HashSet<>();
            for (JsonNode value : values) {
                wanted.add(value.asText());
            }
        }
        Set<String> ids = wanted;
        List<ObjectNode> nodes = ssm.nodes.stream()
                .filter(n -> ids == null || ids.contains(n.instanceId()))
                .map(Ssm.Node::json)
                .toList();
        return page(body, "InstanceInformationList", nodes, size, type);
    }

    private static ResponseDefinition page(JsonNode body, String key, List<ObjectNode> items, int size,
            String contentType) {
        int from = body.has("NextToken") ? Integer.parseInt(body.get("NextToken").asText()) : 0;
        int to = Math.min(items.size(), from + size);
        ObjectNode response = JSON.createObjectNode();
        ArrayNode list = response.putArray(key);
        items.subList(Math.min(from, items.size()), to).forEach(list::add);
        if (to < items.size()) {
            response.put("NextToken", Integer.toString(to));
        }
        return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", contentType)
                .withBody(response.toString()).build();
    }

    private static ResponseDefinition error(int status, String contentType, String code, String message) {
        ObjectNode body = JSON.createObjectNode().put("__type", code).put("message", message);
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", contentType)
                .withHeader("x-amzn-ErrorType", code).withBody(body.toString()).build();
    }

    /** Canned SSM managed nodes. */
    public static final class Ssm {
        private final List<Node> nodes = new CopyOnWriteArrayList<>();

        /**
         * A managed node.
         *
         * @param instanceId   the instance
         * @param pingStatus   Online, ConnectionLost or Inactive
         * @param lastPing     LastPingDateTime (ignored when {@code pingAge} is set)
         * @param agentVersion the agent's version
         * @param pingAge      when set, LastPingDateTime is this long before each answer, as for an agent that keeps
         *                     pinging (a long-running emulator stays as fresh as when it was seeded); null for none
         */
        public record Node(String instanceId, String pingStatus, Instant lastPing, String agentVersion,
                Duration pingAge) {

            public Node {
                Objects.requireNonNull(instanceId, "instanceId");
                Objects.requireNonNull(pingStatus, "pingStatus");
            }

            /** A node whose last ping is fixed. */
            public Node(String instanceId, String pingStatus, Instant lastPing, String agentVersion) {
                this(instanceId, pingStatus, lastPing, agentVersion, null);
            }

            ObjectNode json() {
                ObjectNode node = JSON.createObjectNode()
                        .put("InstanceId", instanceId)
                        .put("PingStatus", pingStatus)
                        .put("PlatformType", "Windows")
                        .put("PlatformName", "Microsoft Windows Server 2022 Datacenter")
                        .put("PlatformVersion", "10.0.20348")
                        .put("ResourceType", "EC2Instance")
                        .put("ComputerName", "EC2AMAZ-" + instanceId.substring(Math.max(0, instanceId.length() - 7))
                                .toUpperCase(java.util.Locale.ROOT))
                        .put("IsLatestVersion", false);
                Instant ping = pingAge != null ? Instant.now().minus(pingAge) : lastPing;
                if (ping != null) {
                    node.put("LastPingDateTime", ping.getEpochSecond() + ping.getNano() / 1e9);
                }
                if (agentVersion != null) {
                    node.put("AgentVersion", agentVersion);
                }
                return node;
            }
        }

        /** Registers a managed node. */
        public void add(Node node) {
            nodes.add(node);
        }

        /** Registers managed nodes. */
        public void addAll(List<Node> values) {
            nodes.addAll(values);
        }
    }

    /** Canned LM-US instances and identity providers. */
    public static final class Lmus {
        private final List<Instance> instances = new CopyOnWriteArrayList<>();
        private final List<Provider> providers = new CopyOnWriteArrayList<>();
        private final List<LicenseServerEndpoint> endpoints = new CopyOnWriteArrayList<>();
        private volatile FilterSupport filterSupport = FilterSupport.EQUALS;

        /** How the canned ListInstances treats Filters (the operators LM-US accepts are not documented). */
        public enum FilterSupport {
            /** {@code InstanceId} and {@code Status} with operation {@code eq}; anything else is a validation error. */
            EQUALS,
            /** Every filter is a validation error. */
            REJECTED,
            /** Filters are ignored: every instance comes back. */
            IGNORED
        }

        /** Sets how ListInstances treats Filters. */
        public void filterSupport(FilterSupport support) {
            this.filterSupport = support;
        }

        /**
         * An instance as ListInstances reports it.
         *
         * @param instanceId    the instance
         * @param status        the status text
         * @param statusMessage the message (may be null)
         * @param products      its products
         * @param directoryId   the directory of its identity provider (may be null)
         */
        public record Instance(String instanceId, String status, String statusMessage, List<String> products,
                String directoryId) {

            ObjectNode json() {
                ObjectNode node = JSON.createObjectNode()
                        .put("InstanceId", instanceId)
                        .put("Status", status)
                        .put("LastStatusCheckDate", "2026-11-25T08:00:00Z")
                        .put("OwnerAccountId", "123456789012");
                if (statusMessage != null) {
                    node.put("StatusMessage", statusMessage);
                }
                ArrayNode list = node.putArray("Products");
                products.forEach(list::add);
                if (directoryId != null) {
                    node.putObject("IdentityProvider").putObject("ActiveDirectoryIdentityProvider")
                            .put("DirectoryId", directoryId);
                }
                return node;
            }
        }

        /**
         * An identity provider as ListIdentityProviders reports it (an AWS Managed Microsoft AD).
         *
         * @param directoryId     the directory
         * @param product         the product it is registered for
         * @param subnetIds       Settings.Subnets
         * @param securityGroupId Settings.SecurityGroupId
         * @param status          its Status ({@code REGISTERED} unless a registration failed)
         * @param failureMessage  its FailureMessage (may be null)
         */
        public record Provider(String directoryId, String product, List<String> subnetIds, String securityGroupId,
                String status, String failureMessage) {

            /** A registered provider. */
            public Provider(String directoryId, String product, List<String> subnetIds, String securityGroupId) {
                this(directoryId, product, subnetIds, securityGroupId, "REGISTERED", null);
            }

            /** Its IdentityProviderArn. */
            public String arn() {
                return "arn:aws:license-manager-user-subscriptions:us-east-1:123456789012:identity-provider/"
                        + directoryId + "/" + product;
            }

            ObjectNode json() {
                ObjectNode node = JSON.createObjectNode();
                node.putObject("IdentityProvider").putObject("ActiveDirectoryIdentityProvider")
                        .put("DirectoryId", directoryId)
                        .put("ActiveDirectoryType", "AWS_MANAGED");
                ObjectNode settings = node.putObject("Settings");
                ArrayNode subnets = settings.putArray("Subnets");
                subnetIds.forEach(subnets::add);
                settings.put("SecurityGroupId", securityGroupId);
                node.put("Product", product)
                        .put("Status", status)
                        .put("OwnerAccountId", "123456789012")
                        .put("IdentityProviderArn", arn());
                if (failureMessage != null) {
                    node.put("FailureMessage", failureMessage);
                }
                return node;
            }
        }

        /**
         * A licence server endpoint as ListLicenseServerEndpoints reports it (RDS SAL; member names of the Java SDK
         * 2.40.2 model, docs/aws-facts.md).
         *
         * @param endpointArn LicenseServerEndpointArn
         * @param providerArn IdentityProviderArn of the registration it serves
         * @param status      LicenseServerEndpointProvisioningStatus
         * @param servers     LicenseServers
         */
        public record LicenseServerEndpoint(String endpointArn, String providerArn, String status,
                List<Server> servers) {

            public LicenseServerEndpoint {
                servers = List.copyOf(servers);
            }

            /** A PROVISIONED endpoint without licence servers. */
            public LicenseServerEndpoint(String endpointArn, String providerArn) {
                this(endpointArn, providerArn, "PROVISIONED", List.of());
            }

            ObjectNode json() {
                ObjectNode node = JSON.createObjectNode()
                        .put("LicenseServerEndpointArn", endpointArn)
                        .put("LicenseServerEndpointId", endpointArn.substring(endpointArn.lastIndexOf('/') + 1))
                        .put("IdentityProviderArn", providerArn)
                        .put("ServerType", "RDS_SAL")
                        .put("LicenseServerEndpointProvisioningStatus", status)
                        .put("CreationTime", 1.7641728E9);
                ArrayNode list = node.putArray("LicenseServers");
                for (Server server : servers) {
                    ObjectNode entry = list.addObject().put("ProvisioningStatus", server.provisioningStatus())
                            .put("HealthStatus", server.healthStatus());
                    if (server.ipv4() != null) {
                        entry.put("Ipv4Address", server.ipv4());
                    }
                    if (server.ipv6() != null) {
                        entry.put("Ipv6Address", server.ipv6());
                    }
                }
                return node;
            }
        }

        /**
         * One licence server of an endpoint.
         *
         * @param ipv4               Ipv4Address (may be null)
         * @param ipv6               Ipv6Address (may be null)
         * @param provisioningStatus ProvisioningStatus
         * @param healthStatus       HealthStatus
         */
        public record Server(String ipv4, String ipv6, String provisioningStatus, String healthStatus) {
        }

        /** Forgets every licence server endpoint. */
        public void clearLicenseServerEndpoints() {
            endpoints.clear();
        }

        /** Registers a licence server endpoint. */
        public void add(LicenseServerEndpoint endpoint) {
            endpoints.add(endpoint);
        }

        /** Registers an instance. */
        public void add(Instance instance) {
            instances.add(instance);
        }

        /** Registers instances. */
        public void addAll(List<Instance> values) {
            instances.addAll(values);
        }

        /** Registers an identity provider. */
        public void add(Provider provider) {
            providers.add(provider);
        }
    }

    /** The operation a logged request called: EC2's Action, a JSON service's target, or LM-US's path. */
    static String operation(Request request) {
        String target = request.getHeader("X-Amz-Target");
        if (target != null && !target.isBlank()) {
            return target.substring(target.indexOf('.') + 1);
        }
        String body = request.getBodyAsString();
        if (body.startsWith("Action=")) {
            int end = body.indexOf('&');
            return body.substring("Action=".length(), end < 0 ? body.length() : end);
        }
        String url = request.getUrl();
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
