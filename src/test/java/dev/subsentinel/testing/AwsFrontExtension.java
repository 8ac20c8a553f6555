package dev.subsentinel.testing;

import java.lang.reflect.Parameter;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Integration tests against moto with {@link AwsFront} (WireMock) in front of it. Uses {@link MotoExtension} for
 * moto itself (started once, reset before every test, each test skipped locally without moto, failing under CI=true);
 * starts
 * one front per test class and resets it (canned data, corrections, failures, request journal) before every test.
 * Tests receive {@link AwsFront} and {@link MotoServer} parameters.
 */
public final class AwsFrontExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback,
        ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            AwsFrontExtension.class);

    private final MotoExtension moto = new MotoExtension();

    @Override
    public void beforeAll(ExtensionContext context) {
        moto.beforeAll(context);
        if (MotoExtension.available()) {
            context.getStore(NAMESPACE).put(AwsFront.class, AwsFront.start(motoServer(context)));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        moto.beforeEach(context);
        front(context).reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        AwsFront front = context.getStore(NAMESPACE).remove(AwsFront.class, AwsFront.class);
        if (front != null) {
            front.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == AwsFront.class || type == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == AwsFront.class ? front(context) : motoServer(context);
    }

    private static AwsFront front(ExtensionContext context) {
        return context.getStore(NAMESPACE).get(AwsFront.class, AwsFront.class);
    }

    /** The moto server, asked of {@link MotoExtension} as a test method asking for a MotoServer parameter would. */
    private MotoServer motoServer(ExtensionContext context) {
        return (MotoServer) moto.resolveParameter(MotoParameter.INSTANCE, context);
    }

    /** The context of a {@code MotoServer} parameter. */
    private static final class MotoParameter implements ParameterContext {
        static final MotoParameter INSTANCE = new MotoParameter();
        private final Parameter parameter;

        private MotoParameter() {
            try {
                parameter = MotoParameter.class.getDeclaredMethod("template", MotoServer.class).getParameters()[0];
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        }

        @SuppressWarnings("unused")
        private static void template(MotoServer moto) {
        }

        @Override
        public Parameter getParameter() {
            return parameter;
        }

        @Override
        public int getIndex() {
            return 0;
        }

        @Override
        public Optional<Object> getTarget() {
            return Optional.empty();
        }
    }
}
