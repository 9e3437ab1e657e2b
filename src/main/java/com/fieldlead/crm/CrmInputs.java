package com.fieldlead.crm;

import java.util.List;

/** Request bodies of {@code /v1/crm}. */
final class CrmInputs {

  private CrmInputs() {}

  /** A new connection (system required) or a change of one (every member optional). */
  record ConnectionInput(
      String system,
      String trigger,
      String qualifiedStatus,
      String externalIdField,
      Boolean enabled) {}

  /** A connection's whole mapping. */
  record MappingInput(List<FieldMapping.Entry> fields) {}
}
