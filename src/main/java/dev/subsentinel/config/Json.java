package dev.subsentinel.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.PathTrace;
import java.util.List;

/**
 * The one configured {@link ObjectMapper} for what others write (events, API-shaped JSON): ignores unknown properties
 * (AWS adds fields), writes ISO-8601 dates, omits nulls, and refuses nulls and missing values for primitives. Its
 * {@link #strict()} sibling reads what the Sentinel writes itself (snapshots, direct invocations), where an unknown
 * field is a mistake to report, not to ignore.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /**
     * For documents the Sentinel writes itself (snapshots, direct invocations): an unknown field, a value of the
     * wrong type (a number where text is expected, text where a number or a boolean is, a fraction where a whole
     * number is), a duplicated key or trailing content is an error naming the field, never coerced or ignored.
     */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    static {
        for (ObjectMapper mapper : new ObjectMapper[] {MAPPER, STRICT}) {
            mapper.addMixIn(CheckResult.class, CheckResultJson.class);
        }
        STRICT.coercionConfigDefaults()
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (Class<?> textual : new Class<?>[] {String.class, java.time.Instant.class}) {
            STRICT.coercionConfigFor(textual)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        }
    }

    private Json() {
    }

    /** How a check result is written: its path drawings only when it walked a path. */
    private interface CheckResultJson {

        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<PathTrace> paths();
    }

    /** The shared mapper (thread-safe once configured). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The strict mapper for documents the Sentinel writes itself: nothing unknown, nothing coerced. */
    public static ObjectMapper strict() {
        return STRICT;
    }
}
