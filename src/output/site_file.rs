//! A file of the new site being written into the staging folder, touching the disk only where
//! its bytes differ from what the file already holds.

use std::io::Write;
use std::path::Path;

/// A file of the new site being written, which touches the disk only where the new bytes differ
/// from what the file already holds: as long as they are the same, it reads and compares; from
/// the first difference on, it writes (in place, which costs the file system far less than a
/// new file). A file that has other names is replaced instead, so that no other file changes.
/// Nothing bigger than a buffer is ever held, however big the page.
pub struct SiteFile {
    file: std::fs::File,
    buffer: Vec<u8>,
    /// Bytes taken so far.
    at: u64,
    /// Length of what the file held before.
    old_len: u64,
    /// Everything so far is what the file already held.
    same: bool,
    old: Vec<u8>,
}

impl SiteFile {
    const BUFFER: usize = 64 * 1024;

    /// Opens `path` (`new`: there is likely no file there yet).
    pub(super) fn open(path: &Path, new: bool) -> std::io::Result<SiteFile> {
        let fresh = |file| SiteFile {
            file,
            buffer: reused_buffer(),
            at: 0,
            old_len: 0,
            same: false,
            old: reused_buffer(),
        };
        if new {
            match std::fs::File::create_new(path) {
                Ok(file) => return Ok(fresh(file)),
                Err(error) if error.kind() != std::io::ErrorKind::AlreadyExists => return Err(error),
                Err(_) => {}
            }
        }
        let mut options = std::fs::OpenOptions::new();
        options.read(true).write(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
        match options.open(path) {
            Ok(file) => {
                let meta = file.metadata()?;
                #[cfg(unix)]
                let shared = std::os::unix::fs::MetadataExt::nlink(&meta) > 1;
                #[cfg(not(unix))]
                let shared = false;
                if meta.is_file() && !shared {
                    let mut site_file = fresh(file);
                    site_file.old_len = meta.len();
                    site_file.same = true;
                    return Ok(site_file);
                }
                drop(file);
                std::fs::remove_file(path)?;
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(error),
        }
        Ok(fresh(std::fs::File::create_new(path)?))
    }

    /// Compares or writes what the buffer holds.
    fn drain(&mut self) -> std::io::Result<()> {
        use std::io::{Read, Seek};
        let n = self.buffer.len() as u64;
        if n == 0 {
            return Ok(());
        }
        if self.same {
            if self.at + n <= self.old_len {
                self.old.resize(self.buffer.len(), 0);
                self.file.read_exact(&mut self.old)?;
                if self.old == self.buffer {
                    self.at += n;
                    self.buffer.clear();
                    return Ok(());
                }
            }
            self.same = false;
            self.file.seek(std::io::SeekFrom::Start(self.at))?;
        }
        self.file.write_all(&self.buffer)?;
        self.at += n;
        self.buffer.clear();
        Ok(())
    }

    /// Ends the file where the new bytes end; returns its length.
    pub fn finish(mut self) -> std::io::Result<usize> {
        self.drain()?;
        // Only a file that held more than the new bytes needs cutting.
        if self.old_len > self.at {
            self.file.set_len(self.at)?;
        }
        Ok(self.at as usize)
    }
}

impl Drop for SiteFile {
    fn drop(&mut self) {
        give_back(std::mem::take(&mut self.buffer));
        give_back(std::mem::take(&mut self.old));
    }
}

thread_local! {
    /// Buffers of files already written, for the next ones on the same thread: fresh memory
    /// for every page costs more (in page faults) than the page itself.
    static BUFFERS: std::cell::RefCell<Vec<Vec<u8>>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn reused_buffer() -> Vec<u8> {
    BUFFERS.with(|b| b.borrow_mut().pop()).unwrap_or_else(|| Vec::with_capacity(SiteFile::BUFFER))
}

fn give_back(mut buffer: Vec<u8>) {
    if buffer.capacity() >= SiteFile::BUFFER && buffer.capacity() <= 2 * SiteFile::BUFFER {
        buffer.clear();
        BUFFERS.with(|b| {
            let mut buffers = b.borrow_mut();
            if buffers.len() < 4 {
                buffers.push(buffer);
            }
        });
    }
}

impl Write for SiteFile {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= Self::BUFFER {
            self.drain()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_file_writes_only_from_the_first_difference_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.html");
        let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let mut changed = big.clone();
        changed[150_000] ^= 1;
        let cases: [&[u8]; 7] = [&big, &big, &changed, &big[..100_000], &big, b"", b"short"];
        for (round, bytes) in cases.iter().enumerate() {
            let mut file = SiteFile::open(&path, round == 0).unwrap();
            for piece in bytes.chunks(7_777) {
                file.write_all(piece).unwrap();
            }
            assert_eq!(file.finish().unwrap(), bytes.len());
            assert_eq!(std::fs::read(&path).unwrap(), *bytes, "round {round}");
        }
        // Unchanged bytes leave the file untouched (it is not even rewritten in place).
        let before = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let mut file = SiteFile::open(&path, false).unwrap();
        file.write_all(b"short").unwrap();
        file.finish().unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), before);
        // A file with another name is replaced, never written through.
        let other = dir.path().join("other.html");
        std::fs::hard_link(&path, &other).unwrap();
        let mut file = SiteFile::open(&path, false).unwrap();
        file.write_all(b"new").unwrap();
        file.finish().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(std::fs::read(&other).unwrap(), b"short");
    }
}
