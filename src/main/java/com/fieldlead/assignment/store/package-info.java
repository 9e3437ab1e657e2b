/**
 * Where routing and SLAs are kept: the schema (collection and field names, indexes), the assignment log and routing
 * queue, routing settings (rules, SLA settings, availabilities, round-robin cursors) and the SLA clocks, each over
 * MongoDB. Depends on {@code assignment.model}, never on the services.
 */
package com.fieldlead.assignment.store;
