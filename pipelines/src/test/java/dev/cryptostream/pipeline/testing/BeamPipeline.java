package dev.cryptostream.pipeline.testing;

import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;

/**
 * JUnit 5 adapter for Beam's JUnit 4 {@link TestPipeline} rule: register it as a field with
 * {@code @RegisterExtension} and the pipeline gets the rule's checks (every pipeline built is run,
 * no dangling transforms) around each test method.
 */
public final class BeamPipeline implements InvocationInterceptor {
  private final TestPipeline pipeline = TestPipeline.create();

  public TestPipeline pipeline() {
    return pipeline;
  }

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<java.lang.reflect.Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    runWithRule(invocation, extensionContext);
  }

  /** Parameterized and repeated tests. */
  @Override
  public void interceptTestTemplateMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<java.lang.reflect.Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    runWithRule(invocation, extensionContext);
  }

  private void runWithRule(Invocation<Void> invocation, ExtensionContext extensionContext)
      throws Throwable {
    Statement body =
        new Statement() {
          @Override
          public void evaluate() throws Throwable {
            invocation.proceed();
          }
        };
    Description description =
        Description.createTestDescription(
            extensionContext.getRequiredTestClass(),
            extensionContext.getRequiredTestMethod().getName());
    pipeline.apply(body, description).evaluate();
  }
}
