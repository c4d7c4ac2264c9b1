/* rmtree.h - removing a directory with everything in it (rm -rf, no symlinks followed). */
#ifndef IPCSH_RMTREE_H
#define IPCSH_RMTREE_H

void rm_tree(const char *path);

#endif
