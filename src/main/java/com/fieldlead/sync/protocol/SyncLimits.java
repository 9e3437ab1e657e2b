package com.fieldlead.sync.protocol;

/** Size limits of sync messages (also stated in the JSON schemas of mobile-contract/). */
public final class SyncLimits {

  /** Most mutations one push may carry. */
  public static final int MAX_MUTATIONS_PER_PUSH = 500;
  /** Default and maximum page size of a pull. */
  public static final int DEFAULT_PULL_LIMIT = 200;

  public static final int MAX_PULL_LIMIT = 1000;

  private SyncLimits() {}
}
