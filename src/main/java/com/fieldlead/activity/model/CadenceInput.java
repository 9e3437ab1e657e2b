package com.fieldlead.activity.model;

import java.util.List;

/** The body of {@code POST /v1/cadences}; {@code id} is optional (client UUID, idempotent replay). */
public record CadenceInput(String id, String name, String description, List<Cadence.Step> steps) {}
