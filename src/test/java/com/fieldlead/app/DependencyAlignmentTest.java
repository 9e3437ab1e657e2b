package com.fieldlead.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.Version;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** One Netty on the classpath: Vert.x, the embedded store and (later) firebase-admin must not pull in another. */
class DependencyAlignmentTest {

  @Test
  void everyNettyArtifactHasTheSameVersion() {
    Map<String, Version> versions = Version.identify();
    assertTrue(versions.size() > 5, "netty artifacts found: " + versions.keySet());
    Set<String> distinct = new TreeSet<>();
    versions.values().forEach(v -> distinct.add(v.artifactVersion()));
    assertEquals(1, distinct.size(), "netty versions on the classpath: " + versions);
  }

  @Test
  void jacksonCoreAndDatabindAreOneVersion() {
    // qualified: two classes named PackageVersion
    String core = com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString();
    // qualified: two classes named PackageVersion
    String databind = com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString();
    assertEquals(core, databind);
  }
}
