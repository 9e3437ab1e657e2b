package com.fieldlead.analytics;

import java.time.LocalDate;

/**
 * The figures of the leads captured on one day (tenant's zone) that share all dimensions. Its tally is not changed
 * once read: reports add cells into tallies of their own.
 */
record Cell(LocalDate day, LeadFact.Dims dims, Tally tally) {}
