/**
 * Leads: the services (create, update, merge, convert, import, catalog), the HTTP endpoints and the feature's wiring
 * ({@link com.fieldlead.lead.LeadModule}, what other features use), with the listener and preparer interfaces other
 * features register in {@code app/Features}.
 *
 * <p>Layers below it, each in its own package; the dependencies run one way, {@code ArchitectureTest} holds it so:
 *
 * <ul>
 *   <li>{@code lead.model}: the records and the pure rules over them (no I/O, no Vert.x, no driver);
 *   <li>{@code lead.store}: the repositories and their MongoDB mapping;
 *   <li>{@code lead.demo}: the demo tenant's leads (seeded by {@code app}, not used here).
 * </ul>
 *
 * <p>The services and the endpoints share this package rather than each having one: {@code LeadModule} builds the
 * endpoints and the services use its {@code ServerChange} and summary, so a {@code lead.web} beside a {@code
 * lead.service} would depend on this package and this package on them, a cycle. Splitting them needs the wiring to
 * move first, which is a change of code, not of place.
 */
package com.fieldlead.lead;
