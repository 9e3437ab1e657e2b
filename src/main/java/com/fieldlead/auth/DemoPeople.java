package com.fieldlead.auth;

import java.util.List;
import java.util.Objects;

/**
 * The ids of the demo tenant's people, as {@code AuthModule.seedDemo()} created (or found) them; the lead demo data
 * hangs off these.
 *
 * @param repIds rep1, rep2, rep3 in that order, all members of the team
 */
public record DemoPeople(
    String tenantId,
    String adminId,
    String managerId,
    String teamId,
    List<String> repIds,
    String boothId) {

  public DemoPeople {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(adminId, "adminId");
    Objects.requireNonNull(managerId, "managerId");
    Objects.requireNonNull(teamId, "teamId");
    repIds = List.copyOf(repIds);
    Objects.requireNonNull(boothId, "boothId");
  }
}
