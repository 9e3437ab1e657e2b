/**
 * Activities, follow-up tasks and nurturing cadences: the services, the HTTP endpoints and the feature's wiring
 * ({@link com.fieldlead.activity.ActivityModule}), with the input checks and task changes the services share.
 *
 * <p>Split by layer, like {@code lead}, not by sub-feature: the three share their wire-name enums, cursors, input
 * checks and one schema, and a cadence creates tasks, so an {@code activity.task} and an {@code activity.cadence}
 * would need a shared package below both and still depend on each other's records. By layer, every dependency runs
 * one way ({@code ArchitectureTest}):
 *
 * <ul>
 *   <li>{@code activity.model}: the records, inputs and the pure schedule and reminder rules;
 *   <li>{@code activity.store}: the repositories, the schema (collections, fields, indexes) and the BSON mapping.
 * </ul>
 */
package com.fieldlead.activity;
