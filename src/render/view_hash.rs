//! Hashing a view as it is serialised, without building its JSON: a page's fingerprint
//! ([`super::Renderer::fingerprint`]) is this hash of the views it is rendered with, so a rebuild
//! can tell an unchanged page from its views alone and skip both the JSON and the rendering.
//!
//! Every value is fed with a tag of its kind and every string, sequence and map with its length,
//! so two different views never feed the same bytes. Views are structs and sequences serialised
//! in a fixed order (no hash maps), so the same views give the same hash on every run. The
//! serialiser says it is not human-readable, so dates hash their instant, not their texts.

use serde::ser::{self, Serialize};
use xxhash_rust::xxh3::Xxh3;

/// The error type the serialiser needs; hashing itself never fails, but a view's own
/// `Serialize` may (a date too long for its buffer).
#[derive(Debug)]
pub struct HashError(String);

impl std::fmt::Display for HashError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for HashError {}

impl ser::Error for HashError {
    fn custom<T: std::fmt::Display>(message: T) -> Self {
        HashError(message.to_string())
    }
}

/// Feeds a serialised value to an xxh3 hasher. A view is many small pieces (a tag, a length, a
/// short string): they are gathered in a buffer and handed to the hasher a few KB at a time, which
/// hashes the same bytes as piece by piece (a streaming hash does not see how its input was cut)
/// for a fraction of the calls.
pub struct Hashing<'h> {
    hasher: &'h mut Xxh3,
    buffer: Vec<u8>,
}

/// How much the buffer gathers before the hasher gets it.
const BUFFER: usize = 4096;

impl Drop for Hashing<'_> {
    fn drop(&mut self) {
        self.hasher.update(&self.buffer);
    }
}

impl Hashing<'_> {
    fn put(&mut self, bytes: &[u8]) {
        if self.buffer.len() + bytes.len() > BUFFER {
            self.hasher.update(&self.buffer);
            self.buffer.clear();
            if bytes.len() > BUFFER {
                self.hasher.update(bytes);
                return;
            }
        }
        self.buffer.extend_from_slice(bytes);
    }

    fn tag(&mut self, tag: u8) {
        self.put(&[tag]);
    }

    fn bytes(&mut self, tag: u8, bytes: &[u8]) {
        self.tag(tag);
        self.put(&(bytes.len() as u64).to_le_bytes());
        self.put(bytes);
    }

    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), HashError> {
        value.serialize(self)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), HashError> {
        self.bytes(b'k', key.as_bytes());
        value.serialize(self)
    }

    fn number(&mut self, tag: u8, bytes: [u8; 8]) -> Result<(), HashError> {
        self.tag(tag);
        self.put(&bytes);
        Ok(())
    }

    fn length(&mut self, tag: u8, len: Option<usize>) {
        self.tag(tag);
        // An unknown length is told by the end marker instead (`ser::SerializeSeq::end`).
        self.put(&len.map_or(u64::MAX, |n| n as u64).to_le_bytes());
    }
}

/// Serialiser methods that hash a narrower number as the wider one of its kind.
macro_rules! widen {
    ($($($method:ident : $narrow:ty),* => $wide:ident),*) => {$($(
        fn $method(self, v: $narrow) -> Done {
            self.$wide(v.into())
        }
    )*)*};
}

/// Adds `value` to `hasher`.
pub fn hash<T: Serialize + ?Sized>(hasher: &mut Xxh3, value: &T) -> Result<(), HashError> {
    value.serialize(&mut Hashing {
        hasher,
        buffer: Vec::with_capacity(BUFFER),
    })
}

type Done = Result<(), HashError>;

impl<'a, 'h> ser::Serializer for &'a mut Hashing<'h> {
    type Ok = ();
    type Error = HashError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    /// Not: a type that serialises compactly then (a date: its instant and time zone rather than
    /// its five texts) feeds what its text is made from, which is all a fingerprint needs.
    fn is_human_readable(&self) -> bool {
        false
    }

    fn serialize_bool(self, v: bool) -> Done {
        self.tag(if v { b't' } else { b'f' });
        Ok(())
    }
    widen!(
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32 => serialize_i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32 => serialize_u64,
        serialize_f32: f32 => serialize_f64
    );
    fn serialize_i64(self, v: i64) -> Done {
        self.number(b'i', v.to_le_bytes())
    }
    fn serialize_u64(self, v: u64) -> Done {
        self.number(b'u', v.to_le_bytes())
    }
    fn serialize_f64(self, v: f64) -> Done {
        self.number(b'd', v.to_bits().to_le_bytes())
    }
    fn serialize_char(self, v: char) -> Done {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Done {
        self.bytes(b's', v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Done {
        self.bytes(b'b', v);
        Ok(())
    }
    fn serialize_none(self) -> Done {
        self.tag(b'n');
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Done {
        self.tag(b'o');
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        self.tag(b'z');
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Done {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Done {
        self.bytes(b'v', variant.as_bytes());
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Done {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Done {
        self.bytes(b'V', variant.as_bytes());
        value.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self, HashError> {
        self.length(b'[', len);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, HashError> {
        self.length(b'(', Some(len));
        Ok(self)
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Self, HashError> {
        self.serialize_tuple(len)
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self, HashError> {
        self.bytes(b'V', variant.as_bytes());
        self.serialize_tuple(len)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self, HashError> {
        self.length(b'{', len);
        Ok(self)
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Self, HashError> {
        self.length(b'S', Some(len));
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self, HashError> {
        self.bytes(b'V', variant.as_bytes());
        self.serialize_struct("", len)
    }
}

impl ser::SerializeSeq for &mut Hashing<'_> {
    type Ok = ();
    type Error = HashError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        self.tag(b']');
        Ok(())
    }
}

impl ser::SerializeMap for &mut Hashing<'_> {
    type Ok = ();
    type Error = HashError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        self.tag(b'}');
        Ok(())
    }
}

/// The compound parts that end with nothing more (their length was fed when they began): each
/// takes its items in order, a struct's fields with their names.
macro_rules! ends_plainly {
    ($($part:ident { $($method:tt)* })*) => {$(
        impl ser::$part for &mut Hashing<'_> {
            type Ok = ();
            type Error = HashError;
            $($method)*
            fn end(self) -> Done {
                Ok(())
            }
        }
    )*};
}

ends_plainly! {
    SerializeTuple {
        fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Done { self.item(v) }
    }
    SerializeTupleStruct {
        fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Done { self.item(v) }
    }
    SerializeTupleVariant {
        fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Done { self.item(v) }
    }
    SerializeStruct {
        fn serialize_field<T: Serialize + ?Sized>(&mut self, k: &'static str, v: &T) -> Done {
            self.field(k, v)
        }
    }
    SerializeStructVariant {
        fn serialize_field<T: Serialize + ?Sized>(&mut self, k: &'static str, v: &T) -> Done {
            self.field(k, v)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    #[derive(Serialize)]
    struct View<'a> {
        title: &'a str,
        count: usize,
        tags: Vec<&'a str>,
        note: Option<&'a str>,
    }

    fn digest<T: Serialize>(value: &T) -> u128 {
        let mut hasher = Xxh3::new();
        hash(&mut hasher, value).unwrap();
        hasher.digest128()
    }

    #[test]
    fn equal_views_hash_alike_and_any_difference_changes_the_hash() {
        let view = |title, count, tags: Vec<&'static str>, note| View {
            title,
            count,
            tags,
            note,
        };
        let base = digest(&view("a", 1, vec!["x", "y"], None));
        assert_eq!(base, digest(&view("a", 1, vec!["x", "y"], None)));
        let others = [
            digest(&view("b", 1, vec!["x", "y"], None)),
            digest(&view("a", 2, vec!["x", "y"], None)),
            digest(&view("a", 1, vec!["xy"], None)),
            digest(&view("a", 1, vec!["x", "y", ""], None)),
            digest(&view("a", 1, vec!["x", "y"], Some(""))),
            digest(&view("a", 1, vec!["y", "x"], None)),
        ];
        for (i, other) in others.iter().enumerate() {
            assert_ne!(base, *other, "change {i} went unnoticed");
        }
    }

    #[test]
    fn the_buffer_loses_nothing_whatever_the_sizes() {
        // Many small pieces past several flushes, a string longer than the buffer, and pieces
        // after it: a change anywhere, even in the last byte, changes the hash.
        let long = "w".repeat(3 * BUFFER + 7);
        let tags: Vec<String> = (0..2 * BUFFER / 10).map(|i| format!("t{i}")).collect();
        let view = |last: &str| (tags.clone(), long.as_str(), last.to_string());
        let base = digest(&view("end"));
        assert_eq!(base, digest(&view("end")));
        assert_ne!(base, digest(&view("enD")));
        let mut longer = long.clone();
        longer.replace_range(BUFFER + 1..BUFFER + 2, "v");
        assert_ne!(
            base,
            digest(&(tags.clone(), longer.as_str(), "end".to_string()))
        );
        let mut other = tags.clone();
        other[tags.len() / 2].push('x');
        assert_ne!(base, digest(&(other, long.as_str(), "end".to_string())));
        // The bytes are those fed piece by piece: the same as the string alone, length first.
        let mut direct = Xxh3::new();
        direct.update(b"s");
        direct.update(&(long.len() as u64).to_le_bytes());
        direct.update(long.as_bytes());
        assert_eq!(digest(&long.as_str()), direct.digest128());
    }

    #[test]
    fn strings_split_differently_do_not_collide() {
        assert_ne!(digest(&("ab", "c")), digest(&("a", "bc")));
        assert_ne!(digest(&vec!["ab"]), digest(&vec!["a", "b"]));
    }
}
