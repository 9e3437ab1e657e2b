package com.fieldlead.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the files under deploy/ as the tools that run them do: YAML 1.1 with anchors and merge keys ({@code <<}),
 * which Compose and kubectl accept (Jackson's YAML reader does not resolve merge keys; SnakeYAML does).
 */
final class DeployFiles {

  static final Path ROOT = Path.of("").toAbsolutePath();
  static final Path DEPLOY = ROOT.resolve("deploy");

  private DeployFiles() {}

  static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The one YAML document of {@code file}, as maps, lists and scalars. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> yaml(Path file) {
    return (Map<String, Object>) yaml().load(text(file));
  }

  /** Every YAML document of {@code file} (a multi-document Kubernetes manifest). */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> yamlDocuments(Path file) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object doc : yaml().loadAll(text(file))) {
      if (doc != null) {
        out.add((Map<String, Object>) doc);
      }
    }
    return out;
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    return new Yaml(new SafeConstructor(options));
  }

  /** The map at {@code path} of nested keys under {@code root}; fails the test when one is missing. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<String, Object> root, String... path) {
    Object at = root;
    for (String key : path) {
      if (!(at instanceof Map<?, ?> m) || !m.containsKey(key)) {
        throw new AssertionError("missing " + String.join(".", path) + " (at " + key + ")");
      }
      at = m.get(key);
    }
    return (Map<String, Object>) at;
  }
}
