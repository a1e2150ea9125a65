//! PNG encoding tuned for speed: every image we draw is opaque, so it is written as RGB, with
//! the `Up` filter (most rows of a card repeat the one above) and the fastest deflate.

use resvg::tiny_skia::Pixmap;

/// A colour of the theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Rgb(pub(crate) u8, pub(crate) u8, pub(crate) u8);

/// Encodes `width` × `height` RGB pixels.
pub(crate) fn encode_rgb(width: u32, height: u32, pixels: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(pixels.len() / 16);
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        encoder.set_filter(png::FilterType::Up);
        encoder.set_adaptive_filter(png::AdaptiveFilterType::NonAdaptive);
        // Writing into memory cannot fail, and the size always matches the pixels.
        let mut writer = encoder.write_header().expect("a PNG header is written into memory");
        writer.write_image_data(pixels).expect("the pixels match the PNG's size");
    }
    out
}

/// Encodes an opaque pixmap (drawn on a filled background) as RGB.
pub(crate) fn encode_pixmap(pixmap: &Pixmap) -> Vec<u8> {
    let rgb: Vec<u8> = pixmap.data().chunks_exact(4).flat_map(|px| [px[0], px[1], px[2]]).collect();
    encode_rgb(pixmap.width(), pixmap.height(), &rgb)
}
