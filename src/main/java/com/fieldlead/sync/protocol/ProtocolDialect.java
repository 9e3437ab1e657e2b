package com.fieldlead.sync.protocol;

import java.util.List;

/**
 * Everything that differs between the sync protocol versions this build speaks, in one place: the server works in one
 * internal form (version 1's records) and each answer is written here in the version its request stated.
 *
 * <ul>
 *   <li><b>Version 2, push results:</b> a replayed mutation (the same client mutation id pushed again, or a lead create
 *       identical to one the user made before) answers its first result as {@code result}, with {@code replayed:
 *       true}, instead of version 1's {@code result: duplicate} with the first result in {@code original}. An app
 *       switches on {@code result} alone, and every value but {@code in_progress} is final.
 *   <li><b>Pull pages and checkpoints</b> are the same in versions 1 and 2: a checkpoint issued under one resumes a
 *       delta under the other (an app upgraded between two pulls keeps its place; see {@link #resumes}).
 * </ul>
 */
public final class ProtocolDialect {

  /** The first version whose replays answer their first result with {@code replayed: true}. */
  static final int FLAT_REPLAYS = 2;

  private ProtocolDialect() {}

  /** The push answer in {@code version}: results in order, each written as that version writes it. */
  public static PushResponse push(int version, List<MutationResult> results) {
    return new PushResponse(
        version, results.stream().map(r -> result(version, r)).toList());
  }

  /** One mutation's result as {@code version} writes it (the internal form is version 1's). */
  public static MutationResult result(int version, MutationResult r) {
    if (version < FLAT_REPLAYS || r.result() != ResultKind.DUPLICATE) {
      return r;
    }
    if (r.original() == null || r.original() == ResultKind.DUPLICATE) {
      throw new IllegalStateException(
          "a replay without its first result [mutation=" + r.clientMutationId() + "]");
    }
    return new MutationResult(
        r.clientMutationId(),
        r.entityType(),
        r.entityId(),
        r.original(),
        r.version(),
        r.state(),
        r.conflicts(),
        r.code(),
        r.errors(),
        null,
        r.retryAfter(),
        Boolean.TRUE);
  }

  /**
   * Whether a checkpoint issued under {@code issuedUnder} resumes a delta pull that states {@code presentedAs}: true
   * when both versions send the same pages for the same changes, so nothing the phone holds was written in a form the
   * other version would have written differently. Otherwise the pull answers a re-baseline (never an error: the app
   * keeps its outbox). Versions 1 and 2 send the same pages.
   */
  public static boolean resumes(int issuedUnder, int presentedAs) {
    return pages(issuedUnder) == pages(presentedAs);
  }

  /** The generation of pull pages a version sends: versions with the same one send identical pages. */
  private static int pages(int version) {
    return switch (version) {
      case 1, 2 -> 1;
      default -> -version; // unknown: a generation of its own, so it resumes under no other version
    };
  }
}
