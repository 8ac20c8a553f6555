package dev.subsentinel.core.model;

import java.util.List;

/**
 * A route table.
 *
 * @param routeTableId {@code rtb-...}
 * @param vpcId        its VPC
 * @param main         whether it is the VPC's main table (used by subnets without an explicit association)
 * @param subnetIds    the subnets explicitly associated with it
 * @param routes       its routes
 */
public record RouteTable(String routeTableId, String vpcId, Boolean main, List<String> subnetIds,
        List<Route> routes) {

    public RouteTable {
        Fields.requiredText(routeTableId, "routeTableId");
        Fields.requiredText(vpcId, "vpcId");
        Fields.required(main, "main");
        subnetIds = Fields.list(subnetIds, "subnetIds");
        routes = Fields.list(routes, "routes");
    }
}
