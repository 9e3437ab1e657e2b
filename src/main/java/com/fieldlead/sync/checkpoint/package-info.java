/**
 * The checkpoint a pull hands a phone and reads back: its contents ({@code Checkpoint}), the signed, versioned token
 * it travels as ({@code CheckpointCodec}), and what a presented one means ({@code CheckpointVerdict}: go on, start
 * over, or a problem). Pure: no I/O, no Vert.x, no driver, no HTTP layer ({@code ArchitectureTest}); names no class of
 * {@code sync}, whose pull uses it.
 */
package com.fieldlead.sync.checkpoint;
