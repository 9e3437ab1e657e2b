package com.fieldlead.attachment;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Decodes a JPEG, PNG or WebP with ImageIO (WebP through TwelveMonkeys' reader, which registers itself with ImageIO) and makes a JPEG thumbnail of at most {@link #MAX_SIDE} pixels on its
 * longer side (never enlarged). Blocking and CPU-bound: call it on a worker thread.
 */
final class Thumbnails {

  static final int MAX_SIDE = 256;

  /** A decoded image's size and its thumbnail's JPEG bytes. */
  record Thumbnail(int width, int height, byte[] jpeg) {}

  private Thumbnails() {}

  /** The thumbnail, or empty when ImageIO cannot decode the bytes (a damaged file behind a valid signature). */
  static Optional<Thumbnail> of(byte[] image) {
    BufferedImage source;
    try {
      source = ImageIO.read(new ByteArrayInputStream(image));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    if (source == null) {
      return Optional.empty();
    }
    int w = source.getWidth();
    int h = source.getHeight();
    double scale = Math.min(1.0, (double) MAX_SIDE / Math.max(w, h));
    int tw = Math.max(1, (int) Math.round(w * scale));
    int th = Math.max(1, (int) Math.round(h * scale));
    // RGB, no alpha: JPEG has none, and a PNG's transparency becomes white
    BufferedImage thumb = new BufferedImage(tw, th, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = thumb.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, tw, th);
      g.drawImage(source, 0, 0, tw, th, null);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(thumb, "jpg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Optional.of(new Thumbnail(w, h, out.toByteArray()));
  }
}
