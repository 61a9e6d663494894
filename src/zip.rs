//! A zip archive whose entries are all stored (no compression): what an EPUB container needs
//! (its first entry, `mimetype`, must be stored) and small enough to ship in the Wasm. Entries
//! keep the order they are added in and carry one fixed timestamp, so the same entries give the
//! same bytes. No zip64: an archive past 4 GiB or 65,535 entries is refused, never wrapped.

/// One CRC-32 (IEEE 802.3, the zip polynomial) lookup table, built at compile time.
const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut n = 0;
    while n < 256 {
        let mut c = n as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[n] = c;
        n += 1;
    }
    table
};

/// The CRC-32 zip stores for each entry.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut c = 0xffff_ffffu32;
    for &b in bytes {
        c = CRC_TABLE[((c ^ b as u32) & 0xff) as usize] ^ (c >> 8);
    }
    c ^ 0xffff_ffff
}

/// 1980-01-01 00:00 in MS-DOS form, the earliest a zip can say: a fixed time keeps the archive
/// reproducible (the EPUB's own metadata carries the real dates).
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = (1 << 5) | 1;
/// Bit 11: names are UTF-8.
const FLAG_UTF8: u16 = 1 << 11;
const VERSION: u16 = 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZipError {
    /// Past what a zip without zip64 can hold.
    TooLarge,
}

impl std::fmt::Display for ZipError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the archive is too large for a zip file (over 4 GiB or 65,535 entries)")
    }
}

/// Builds a stored zip in memory, entry by entry.
#[derive(Debug, Default)]
pub struct StoredZip {
    bytes: Vec<u8>,
    central: Vec<u8>,
    entries: usize,
}

impl StoredZip {
    pub fn new() -> StoredZip {
        StoredZip::default()
    }

    /// Appends one file (`name` with `/` between folders).
    pub fn add(&mut self, name: &str, data: &[u8]) -> Result<(), ZipError> {
        let offset = small(self.bytes.len())?;
        let size = small(data.len())?;
        let name_len = u16::try_from(name.len()).map_err(|_| ZipError::TooLarge)?;
        if self.entries >= usize::from(u16::MAX) {
            return Err(ZipError::TooLarge);
        }
        let crc = crc32(data);
        // Local file header.
        put32(&mut self.bytes, 0x0403_4b50);
        self.put_local_fields(crc, size, name_len);
        self.bytes.extend_from_slice(name.as_bytes());
        self.bytes.extend_from_slice(data);
        // Its central directory record.
        let c = &mut self.central;
        put32(c, 0x0201_4b50);
        put16(c, VERSION); // made by
        put16(c, VERSION); // needed to extract
        put16(c, FLAG_UTF8);
        put16(c, 0); // stored
        put16(c, DOS_TIME);
        put16(c, DOS_DATE);
        put32(c, crc);
        put32(c, size);
        put32(c, size);
        put16(c, name_len);
        put16(c, 0); // extra field
        put16(c, 0); // comment
        put16(c, 0); // disk number
        put16(c, 0); // internal attributes
        put32(c, 0); // external attributes
        put32(c, offset);
        c.extend_from_slice(name.as_bytes());
        self.entries += 1;
        small(self.bytes.len() + self.central.len() + 22).map(|_| ())
    }

    fn put_local_fields(&mut self, crc: u32, size: u32, name_len: u16) {
        let b = &mut self.bytes;
        put16(b, VERSION);
        put16(b, FLAG_UTF8);
        put16(b, 0); // stored
        put16(b, DOS_TIME);
        put16(b, DOS_DATE);
        put32(b, crc);
        put32(b, size); // compressed
        put32(b, size); // uncompressed
        put16(b, name_len);
        put16(b, 0); // no extra field: `mimetype` must start at byte 38 of an EPUB
    }

    /// The archive: the entries, the central directory, its end record.
    pub fn finish(self) -> Result<Vec<u8>, ZipError> {
        let StoredZip {
            mut bytes,
            central,
            entries,
        } = self;
        let count = u16::try_from(entries).map_err(|_| ZipError::TooLarge)?;
        let start = small(bytes.len())?;
        let length = small(central.len())?;
        bytes.extend_from_slice(&central);
        put32(&mut bytes, 0x0605_4b50);
        put16(&mut bytes, 0); // this disk
        put16(&mut bytes, 0); // disk of the central directory
        put16(&mut bytes, count);
        put16(&mut bytes, count);
        put32(&mut bytes, length);
        put32(&mut bytes, start);
        put16(&mut bytes, 0); // comment
        Ok(bytes)
    }
}

fn small(n: usize) -> Result<u32, ZipError> {
    u32::try_from(n).map_err(|_| ZipError::TooLarge)
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        // The CRC-32 of "123456789" every implementation of this polynomial must give.
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn first_entry_data_starts_right_after_its_name() {
        let mut zip = StoredZip::new();
        assert!(zip.add("mimetype", b"application/epub+zip").is_ok());
        let bytes = zip.finish().unwrap_or_default();
        assert_eq!(&bytes[..4], b"PK\x03\x04");
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(&bytes[38..58], b"application/epub+zip");
        assert_eq!(&bytes[bytes.len() - 22..bytes.len() - 18], b"PK\x05\x06");
    }
}
