/**
 * Routing's and SLAs' records and the pure rules over them: routing rules with their wire form and validation, the
 * routing policy and its decision, the round-robin cursor, a rep's state and availability, working hours, the SLA
 * policy and settings, an SLA clock, a recorded assignment. Nothing here does I/O or imports Vert.x, the driver or the
 * store ({@code ArchitectureTest}); the services in {@code assignment} and the stores in {@code assignment.store} build
 * on it, it builds on neither.
 */
package com.fieldlead.assignment.model;
