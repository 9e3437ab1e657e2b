package com.fieldlead.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fieldlead.config.ConfigKey;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s/fieldlead.yaml, which no cluster applies here: every object read with the Kubernetes object model
 * (fabric8, Kubernetes 1.33), any field the model does not know rejected (as {@code kubectl --validate=strict}
 * does), and the rules its comments promise checked between the objects.
 */
class KubernetesManifestTest {

  private static final Path MANIFEST = DeployFiles.DEPLOY.resolve("k8s/fieldlead.yaml");

  /** Kind to model class and the API version the manifest must use (all GA on Kubernetes 1.23). */
  private static final Map<String, Map.Entry<Class<? extends HasMetadata>, String>> KINDS = Map.of(
      "ConfigMap", Map.entry(ConfigMap.class, "v1"),
      "Service", Map.entry(Service.class, "v1"),
      "Deployment", Map.entry(Deployment.class, "apps/v1"),
      "PodDisruptionBudget", Map.entry(PodDisruptionBudget.class, "policy/v1"),
      "HorizontalPodAutoscaler", Map.entry(HorizontalPodAutoscaler.class, "autoscaling/v2"),
      "Ingress", Map.entry(Ingress.class, "networking.k8s.io/v1"));

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final List<HasMetadata> OBJECTS = read(DeployFiles.yamlDocuments(MANIFEST));

  private static List<HasMetadata> read(List<Map<String, Object>> documents) {
    List<HasMetadata> out = new ArrayList<>();
    for (Map<String, Object> doc : documents) {
      String kind = String.valueOf(doc.get("kind"));
      Map.Entry<Class<? extends HasMetadata>, String> model = KINDS.get(kind);
      assertNotNull(model, "a kind this manifest should not need: " + kind);
      assertEquals(model.getValue(), doc.get("apiVersion"), kind + " apiVersion");
      HasMetadata object = MAPPER.convertValue(doc, model.getKey());
      List<String> unknown = new ArrayList<>();
      unknownFields(object, kind + "/" + object.getMetadata().getName(), unknown);
      assertEquals(List.of(), unknown, "fields the Kubernetes API does not know");
      out.add(object);
    }
    return out;
  }

  /** Fields the model kept aside because no property has their name, anywhere under {@code o}. */
  private static void unknownFields(Object o, String path, List<String> out) {
    if (o == null) {
      return;
    }
    if (o instanceof Collection<?> c) {
      int i = 0;
      for (Object e : c) {
        unknownFields(e, path + "[" + i++ + "]", out);
      }
      return;
    }
    if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> unknownFields(v, path + "." + k, out));
      return;
    }
    if (!o.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Method getter : o.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get")
          || getter.getName().equals("getClass")) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(o);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          out.add(path + ": " + extra.keySet());
        }
      } else {
        unknownFields(value, path + "." + getter.getName().substring(3), out);
      }
    }
  }

  private static <T> T one(Class<T> type) {
    List<T> found = OBJECTS.stream().filter(type::isInstance).map(type::cast).toList();
    assertEquals(1, found.size(), type.getSimpleName() + " objects");
    return found.get(0);
  }

  private static Container container() {
    return one(Deployment.class)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }

  private static Map<String, String> config() {
    return one(ConfigMap.class).getData();
  }

  @Test
  void everyObjectIsAKnownKindWithOnlyFieldsTheKubernetesApiKnows() {
    assertEquals(
        KINDS.keySet(), OBJECTS.stream().map(HasMetadata::getKind).collect(Collectors.toSet()));
  }

  @Test
  void theStrictReadRejectsAMisspelledFieldAndAValueOfTheWrongType() {
    List<Map<String, Object>> docs = DeployFiles.yamlDocuments(MANIFEST);
    Map<String, Object> deployment = docs.stream()
        .filter(d -> d.get("kind").equals("Deployment"))
        .findFirst()
        .orElseThrow();
    @SuppressWarnings("unchecked")
    Map<String, Object> c = ((List<Map<String, Object>>)
            DeployFiles.map(deployment, "spec", "template", "spec").get("containers"))
        .get(0);
    c.put("startupProbes", c.remove("startupProbe"));
    assertThrows(AssertionError.class, () -> read(List.of(deployment)));
    c.put("startupProbe", c.remove("startupProbes"));
    DeployFiles.map(deployment, "spec").put("minReadySeconds", "soon");
    assertThrows(IllegalArgumentException.class, () -> read(List.of(deployment)));
  }

  @Test
  void selectorsMatchThePodLabelsAndTheServiceAndIngressReachANamedPort() {
    Deployment d = one(Deployment.class);
    Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
    assertTrue(
        labels.entrySet().containsAll(d.getSpec().getSelector().getMatchLabels().entrySet()));
    Service service = one(Service.class);
    assertTrue(labels.entrySet().containsAll(service.getSpec().getSelector().entrySet()));
    assertTrue(labels
        .entrySet()
        .containsAll(one(PodDisruptionBudget.class)
            .getSpec()
            .getSelector()
            .getMatchLabels()
            .entrySet()));
    Set<String> podPorts =
        container().getPorts().stream().map(p -> p.getName()).collect(Collectors.toSet());
    service
        .getSpec()
        .getPorts()
        .forEach(p -> assertTrue(podPorts.contains(p.getTargetPort().getStrVal())));
    Ingress ingress = one(Ingress.class);
    IngressBackend backend =
        ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend();
    assertEquals(service.getMetadata().getName(), backend.getService().getName());
    assertTrue(service.getSpec().getPorts().stream()
        .anyMatch(p -> p.getName().equals(backend.getService().getPort().getName())));
    assertEquals(
        ingress.getSpec().getRules().stream().map(r -> r.getHost()).toList(),
        ingress.getSpec().getTls().get(0).getHosts(),
        "TLS covers every host");
    assertNotNull(ingress.getSpec().getTls().get(0).getSecretName());
  }

  @Test
  void theContainerPortAndScrapePortAreTheConfiguredHttpPortAndEverySettingIsAKey() {
    Set<String> keys =
        Arrays.stream(ConfigKey.values()).map(Enum::name).collect(Collectors.toSet());
    config().keySet().forEach(k -> assertTrue(keys.contains(k), k + " is not a fieldlead key"));
    int port = Integer.parseInt(config().get("FIELDLEAD_HTTP_PORT"));
    assertEquals(port, container().getPorts().get(0).getContainerPort());
    assertEquals(
        String.valueOf(port),
        one(Deployment.class)
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getAnnotations()
            .get("prometheus.io/port"));
  }

  @Test
  void startUpHasAProbeLongEnoughForTheMongoWaitAndLivenessDoesNotCutIt() {
    Probe startup = container().getStartupProbe();
    assertNotNull(startup, "a startupProbe holds liveness off while the server starts");
    long allowedMs = 1000L * startup.getPeriodSeconds() * startup.getFailureThreshold();
    long waitMs = Long.parseLong(config().get("FIELDLEAD_MONGODB_START_WAIT_MS"));
    assertTrue(
        allowedMs >= waitMs + 60_000,
        "start-up may take the MongoDB wait plus index creation: " + allowedMs);
    assertNull(
        container().getLivenessProbe().getInitialDelaySeconds(), "the startupProbe does that");
    assertEquals("/health/ready", container().getReadinessProbe().getHttpGet().getPath());
  }

  @Test
  void aLocallyBuiltImageRunsWithoutARegistry() {
    String image = container().getImage();
    assertTrue(image.matches("[a-z0-9.-]+:[0-9][\\w.-]*"), "a versioned tag, not latest: " + image);
    assertEquals("IfNotPresent", container().getImagePullPolicy());
  }

  @Test
  void theHeapLeavesRoomOutsideItWithinTheMemoryLimit() {
    Quantity limit = container().getResources().getLimits().get("memory");
    long limitBytes = Quantity.getAmountInBytes(limit).longValue();
    String options = container().getEnv().stream()
        .filter(e -> e.getName().equals("JAVA_TOOL_OPTIONS"))
        .findFirst()
        .orElseThrow()
        .getValue();
    long heap = limitBytes * option(options, "MaxRAMPercentage") / 100;
    long direct = option(options, "MaxDirectMemorySize") << 20;
    // outside the heap: ~120 MB of JVM code, metaspace and GC structures, thread stacks, direct
    // buffers
    assertTrue(heap >= 384L << 20, "heap " + (heap >> 20) + " MiB");
    assertTrue(
        limitBytes - heap - direct >= 192L << 20,
        "room for the JVM itself: " + ((limitBytes - heap - direct) >> 20) + " MiB");
    assertTrue(options.contains("-XX:+ExitOnOutOfMemoryError"));
    Quantity request = container().getResources().getRequests().get("memory");
    assertTrue(Quantity.getAmountInBytes(request).compareTo(BigDecimal.valueOf(heap)) >= 0);
  }

  private static long option(String options, String name) {
    Matcher m = Pattern.compile("-XX:" + name + "=(\\d+)m?").matcher(options);
    assertTrue(m.find(), name + " in " + options);
    return Long.parseLong(m.group(1));
  }

  @Test
  void preStopWorksBeforeKubernetes130AndTheGraceCoversItAndTheDrain() {
    Deployment d = one(Deployment.class);
    var preStop = container().getLifecycle().getPreStop();
    assertNull(preStop.getSleep(), "the sleep action needs Kubernetes 1.30");
    List<String> command = preStop.getExec().getCommand();
    assertEquals("sleep", command.get(0));
    long sleep = Long.parseLong(command.get(1));
    long drain = Long.parseLong(config().get("FIELDLEAD_SHUTDOWN_GRACE_MS")) / 1000;
    assertTrue(
        d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds() > sleep + drain,
        "terminationGracePeriodSeconds covers preStop and the drain");
  }

  @Test
  void theAutoscalerOwnsTheReplicaCountAndKeepsTheDisruptionBudgetSatisfiable() {
    Deployment d = one(Deployment.class);
    HorizontalPodAutoscaler hpa = one(HorizontalPodAutoscaler.class);
    assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
    assertEquals(d.getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName());
    assertNull(d.getSpec().getReplicas(), "replicas left to the autoscaler");
    int minAvailable =
        one(PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal();
    assertTrue(hpa.getSpec().getMinReplicas() > minAvailable, "a node drain can evict one pod");
    assertFalse(hpa.getSpec().getMetrics().isEmpty());
    assertNotNull(
        container().getResources().getRequests().get("cpu"), "CPU utilisation needs a request");
  }
}
