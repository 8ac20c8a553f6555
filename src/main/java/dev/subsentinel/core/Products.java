package dev.subsentinel.core;

import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.LmusInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** LM-US products: which an instance provides and what people call them. */
public final class Products {

    /** Marketplace product codes whose product is known (aws-facts section 1.1). */
    private static final Map<String, String> BY_PRODUCT_CODE = Map.of(
            "bz0vcy31ooqlzk5tsash4r1ik", "VISUAL_STUDIO_ENTERPRISE",
            "d44g89hc0gp9jdzm99rznthpw", "VISUAL_STUDIO_PROFESSIONAL",
            "77yzkpa7kvee1y1tt7wnsdwoc", "OFFICE_PROFESSIONAL_PLUS");

    private static final Map<String, String> NAMES = Map.of(
            "OFFICE_PROFESSIONAL_PLUS", "Office LTSC Pro Plus",
            "OFFICE_STANDARD", "Office LTSC Standard",
            "VISUAL_STUDIO_ENTERPRISE", "Visual Studio Enterprise",
            "VISUAL_STUDIO_PROFESSIONAL", "Visual Studio Professional",
            "REMOTE_DESKTOP_SERVICES", "Remote Desktop Services SAL");

    /** The product whose instances use RD licence servers (LICENSE_SERVER, LICENSE_SERVER_PATH). */
    public static final String REMOTE_DESKTOP_SERVICES = "REMOTE_DESKTOP_SERVICES";

    private Products() {
    }

    /** Whether the product is Remote Desktop Services SAL (and so needs an RD licence server). */
    public static boolean isRemoteDesktop(String product) {
        return REMOTE_DESKTOP_SERVICES.equalsIgnoreCase(product);
    }

    /** The products LM-US lists for the instance, else those its product codes identify. */
    public static List<String> of(LmusInstance lmus, Ec2Instance instance) {
        if (lmus != null && !lmus.products().isEmpty()) {
            return lmus.products();
        }
        List<String> products = new ArrayList<>();
        if (instance != null) {
            for (String code : instance.productCodes()) {
                String product = BY_PRODUCT_CODE.get(code);
                if (product != null && !products.contains(product)) {
                    products.add(product);
                }
            }
        }
        return products;
    }

    /** Whether the product is an Office edition (and so activates against the KMS endpoints on tcp/1688). */
    public static boolean isOffice(String product) {
        return product.toUpperCase(Locale.ROOT).startsWith("OFFICE");
    }

    /** The name people use, e.g. "Office LTSC Pro Plus"; the raw value when it is not a known product. */
    public static String displayName(String product) {
        return NAMES.getOrDefault(product.toUpperCase(Locale.ROOT), product);
    }
}
