/**
 * Activities', tasks' and cadences' records, their wire-name enums, the inputs and patches, cursors and pages, and the
 * pure rules (local schedules, reminders). No I/O, no Vert.x, no driver ({@code ArchitectureTest}).
 */
package com.fieldlead.activity.model;
