package com.fieldlead.activity.model;

import java.time.LocalDate;

/**
 * The body of {@code POST /v1/leads/{leadId}/cadences}: which cadence, and the owner-local date of day 0 (today in
 * the owner's zone when omitted). {@code id} names the run (client UUID, idempotent replay).
 */
public record ApplyCadenceInput(String id, String cadenceId, LocalDate startDate) {}
