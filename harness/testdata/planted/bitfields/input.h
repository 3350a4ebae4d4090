struct flags {
  unsigned int a : 3;
  unsigned int b : 5;
  unsigned int c : 1;
  unsigned short tail;
};
