package io.herald.support;

import java.nio.file.Path;

/** What a test needs to start a JVM of its own with Herald on its classpath. */
public final class TestJvm {

  private TestJvm() {
  }

  /** The java launcher of the JVM running the tests. */
  public static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Surefire's real test classpath (java.class.path may be its manifest-only booter jar). */
  public static String classpath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }
}
