"""Writes Fashion-MNIST (Debian's dataset-fashion-mnist IDX files) once as a PNG image folder laid out as
Keras's image_dataset_from_directory reads it: OUT/train/<class>/NNNNN.png (60,000) and OUT/test/<class>/NNNNN.png
(10,000), 28x28 gray. Class folder names are the dataset's class names with '/' as '-' ("T-shirt-top").

  /usr/bin/python3 bench/images/write_folder.py [IDX_FOLDER] OUT
"""
import gzip
import os
import sys

import numpy as np
from PIL import Image

CLASSES = ["T-shirt-top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def idx(path):
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def write(images, labels, folder):
    for name in CLASSES:
        os.makedirs(os.path.join(folder, name), exist_ok=True)
    for i, (image, label) in enumerate(zip(images, labels)):
        Image.fromarray(image, mode="L").save(os.path.join(folder, CLASSES[label], f"{i:05d}.png"))


def main(source, out):
    if os.path.exists(os.path.join(out, ".complete")):
        print(f"{out} is already written")
        return
    for split, prefix in (("train", "train"), ("test", "t10k")):
        images = idx(os.path.join(source, f"{prefix}-images-idx3-ubyte.gz"))
        labels = idx(os.path.join(source, f"{prefix}-labels-idx1-ubyte.gz"))
        write(images, labels, os.path.join(out, split))
        print(f"{split}: {len(images)} images")
    open(os.path.join(out, ".complete"), "w").close()


if __name__ == "__main__":
    args = sys.argv[1:]
    main(args[0] if len(args) > 1 else "/usr/share/datasets/fashion-mnist", args[-1])
